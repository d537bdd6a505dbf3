// LockdownClient.openService: StartService and the connection to the port it returned, in one
// call on the lockdown handle's own idevice_t. One executor-thread hop instead of two, no usbmuxd
// ListDevices for a fresh idevice_t, and the device's ProductVersion (learnt by this handle's
// handshake) picks the service's TLS version, as it does in libimobiledevice's own
// service_client_factory_start_service (src/service.c). Starting several services in one
// lockdown session is what libimobiledevice's tools do (tools/idevicebackup2.c starts
// notification_proxy, afc and mobilebackup2 on one lockdownd client) and what pymobiledevice3's
// LockdownClient.start_lockdown_service does on its one session (pymobiledevice3/lockdown.py).
#include <string>

#include "diagnostics.h"
#include "lockdown.h"
#include "op_worker.h"
#include "service.h"

namespace cw {
namespace {

using LdWorker = OpWorker<LockdownState>;

template <typename State>
Failure Connect(LockdownState& s, const std::string& name, uint16_t port, bool ssl, const ServiceConnector<State>& connect,
                Napi::Object (*wrap)(Napi::Env, std::shared_ptr<State>), OpResult& r) {
  auto st = std::make_shared<State>();
  st->udid = s.udid;
  st->device = s.device;
  ServiceTarget target;
  target.udid = s.udid;
  target.port = port;
  target.ssl = ssl;
  Failure f = ConnectService(*st, target, connect);
  if (!f.domain.empty()) return f;
  r.kind = OpResult::kObject;
  r.make = [st, wrap](Napi::Env env) -> Napi::Value { return wrap(env, st); };
  return Ok();
}

}  // namespace

Napi::Value LockdownClient::OpenService(const Napi::CallbackInfo& info) {
  const char* usage = "openService(name: string, options?: { withEscrowBag?: boolean; client?: 'plist' | 'diagnostics' })";
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), usage);
  std::string name = info[0].As<Napi::String>();
  bool escrow = false;
  bool diagnostics = false;
  if (info.Length() > 1 && info[1].IsObject()) {
    Napi::Object o = info[1].As<Napi::Object>();
    escrow = o.Get("withEscrowBag").ToBoolean();
    Napi::Value kind = o.Get("client");
    if (kind.IsString()) {
      std::string k = kind.As<Napi::String>();
      if (k != "plist" && k != "diagnostics") throw Napi::TypeError::New(info.Env(), usage);
      diagnostics = k == "diagnostics";
    }
  }
  return (new LdWorker(info.Env(), state_, "lockdownd_start_service", [=](LockdownState& s, OpResult& r) {
            lockdownd_service_descriptor_t svc = nullptr;
            lockdownd_error_t e = escrow ? lockdownd_start_service_with_escrow_bag(s.client, name.c_str(), &svc)
                                         : lockdownd_start_service(s.client, name.c_str(), &svc);
            if (e != LOCKDOWN_E_SUCCESS || !svc) {
              if (svc) lockdownd_service_descriptor_free(svc);
              return MakeFailure("lockdown", e != LOCKDOWN_E_SUCCESS ? e : LOCKDOWN_E_UNKNOWN_ERROR, "lockdownd_start_service");
            }
            uint16_t port = svc->port;
            bool ssl = svc->ssl_enabled != 0;
            lockdownd_service_descriptor_free(svc);
            if (port == 0) return MakeFailure("lockdown", LOCKDOWN_E_INVALID_RESPONSE, "lockdownd_start_service");
            if (diagnostics) return Connect<DiagnosticsState>(s, name, port, ssl, &ConnectDiagnostics, &DiagnosticsRelay::Wrap, r);
            return Connect<ServiceState>(s, name, port, ssl, &ConnectPlistService, &ServiceClient::Wrap, r);
          }))->Start();
}

}  // namespace cw
