// `takt audit verify [--database URL]`: walks the whole audit hash chain. Prints
// "audit trail valid, N entries checked" and exits 0, or names the first entry whose hash or link
// no longer matches and exits 1 (also 1 when the database cannot be read).
#pragma once

namespace CLI {
class App;
}

namespace takt::app {

void AddAuditCommand(CLI::App& app, int& exit_code);

}  // namespace takt::app
