// Connecting a service client to a port returned by lockdown StartService. Shared by the generic
// property-list client and the diagnostics relay, and used both by serviceConnect (the UDID's
// kept idevice_t, device_cache.h) and by LockdownClient.openService (the lockdown handle's own
// idevice_t). The connection is made in plain text and TLS, when the service asks for it, is
// enabled with EnableSslPromptly (prompt_tls.h) instead of by the library's own connect.
#pragma once
#include <libimobiledevice/lockdown.h>
#include <napi.h>

#include <functional>
#include <memory>
#include <string>

#include "device_cache.h"
#include "handle.h"
#include "worker.h"

namespace cw {

struct ServiceTarget {
  std::string udid;
  uint16_t port = 0;
  bool ssl = false;
};

ServiceTarget ReadServiceTarget(const Napi::CallbackInfo& info, const char* usage);

// connect: (device, plain descriptor, ssl wanted, state) -> Failure (empty domain on success).
template <typename State>
using ServiceConnector = std::function<Failure(idevice_t, lockdownd_service_descriptor_t, bool, State&)>;

// Connects `st` (udid and device already set) to `target`; the state's device reference is kept.
template <typename State>
Failure ConnectService(State& st, const ServiceTarget& target, const ServiceConnector<State>& connect) {
  lockdownd_service_descriptor svc{};
  svc.port = target.port;
  svc.ssl_enabled = 0;
  svc.identifier = nullptr;
  return connect(st.Device(), &svc, target.ssl, st);
}

template <typename State>
class ServiceConnectWorker : public PromiseWorker {
 public:
  using WrapFn = Napi::Object (*)(Napi::Env, std::shared_ptr<State>);
  ServiceConnectWorker(Napi::Env env, ServiceTarget t, ServiceConnector<State> connect, WrapFn wrap)
      : PromiseWorker(env), target_(std::move(t)), connect_(std::move(connect)), wrap_(wrap) {}

  void Execute() override {
    auto st = std::make_shared<State>();
    st->udid = target_.udid;
    // This UDID's cached idevice_t when there is one: no usbmuxd ListDevices (device_cache.h).
    Failure f = ConnectOnDevice(target_.udid, &st->device, [&](const std::shared_ptr<DeviceRef>&) { return ConnectService(*st, target_, connect_); });
    if (!f.domain.empty()) {
      st->device.reset();
      return Fail(f);
    }
    state_ = st;
  }
  Napi::Value Result(Napi::Env env) override { return wrap_(env, state_); }

 private:
  ServiceTarget target_;
  ServiceConnector<State> connect_;
  WrapFn wrap_;
  std::shared_ptr<State> state_;
};

}  // namespace cw
