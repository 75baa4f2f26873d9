# Warnings applied to every Takt target (not to third-party code).
function(takt_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
endfunction()
