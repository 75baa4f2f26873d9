# The debug preset turns on AddressSanitizer and UndefinedBehaviorSanitizer for everything.
if(TAKT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
