#pragma once
#include <libimobiledevice/diagnostics_relay.h>
#include <napi.h>

#include "errors.h"
#include "handle.h"

namespace cw {

struct DiagnosticsState : HandleState {
  diagnostics_relay_client_t client = nullptr;
  bool IsOpen() const override { return client != nullptr; }
  void CloseClientLocked() override {
    diagnostics_relay_goodbye(client);  // best effort: the device may already be gone
    diagnostics_relay_client_free(client);
    client = nullptr;
  }
};

// JS class DiagnosticsRelay: ioregistryEntry(name, cls), restart(flags), shutdown(flags),
// sleep(), close(). Wraps libimobiledevice's diagnostics_relay client (docs/device-protocols.md §5.1, §6.4).
class DiagnosticsRelay : public Napi::ObjectWrap<DiagnosticsRelay> {
 public:
  static Napi::Function Define(Napi::Env env);
  static Napi::Object Wrap(Napi::Env env, std::shared_ptr<DiagnosticsState> state);
  explicit DiagnosticsRelay(const Napi::CallbackInfo& info);
  ~DiagnosticsRelay() override;

 private:
  Napi::Value IoregistryEntry(const Napi::CallbackInfo& info);
  Napi::Value Restart(const Napi::CallbackInfo& info);
  Napi::Value Shutdown(const Napi::CallbackInfo& info);
  Napi::Value Sleep(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  std::shared_ptr<DiagnosticsState> state_;
};

// JS: diagnosticsConnect(udid, { port, sslEnabled }): Promise<DiagnosticsRelay>
Napi::Value DiagnosticsConnect(const Napi::CallbackInfo& info);

// Plain connect, then TLS (prompt_tls.h) when the service asked for it.
Failure ConnectDiagnostics(idevice_t device, lockdownd_service_descriptor_t plain, bool ssl, DiagnosticsState& st);

}  // namespace cw
