// Connecting a service client to a port returned by lockdown StartService. Shared by the generic
// property-list client and the diagnostics relay; each owns its own idevice_t.
#pragma once
#include <libimobiledevice/lockdown.h>
#include <napi.h>

#include <functional>
#include <memory>
#include <string>

#include "worker.h"

namespace cw {

struct ServiceTarget {
  std::string udid;
  uint16_t port = 0;
  bool ssl = false;
};

ServiceTarget ReadServiceTarget(const Napi::CallbackInfo& info, const char* usage);
Failure NewDevice(const std::string& udid, idevice_t* out);

template <typename State>
class ServiceConnectWorker : public PromiseWorker {
 public:
  // connect: (device, descriptor, state) -> Failure (empty domain on success)
  using Connect = std::function<Failure(idevice_t, lockdownd_service_descriptor_t, State&)>;
  using WrapFn = Napi::Object (*)(Napi::Env, std::shared_ptr<State>);
  ServiceConnectWorker(Napi::Env env, ServiceTarget t, Connect connect, WrapFn wrap)
      : PromiseWorker(env), target_(std::move(t)), connect_(std::move(connect)), wrap_(wrap) {}

  void Execute() override {
    auto st = std::make_shared<State>();
    st->udid = target_.udid;
    Failure f = NewDevice(target_.udid, &st->device);
    if (!f.domain.empty()) return Fail(f);
    lockdownd_service_descriptor svc{};
    svc.port = target_.port;
    svc.ssl_enabled = target_.ssl ? 1 : 0;
    svc.identifier = nullptr;
    f = connect_(st->device, &svc, *st);
    if (!f.domain.empty()) {
      idevice_free(st->device);
      st->device = nullptr;
      return Fail(f);
    }
    state_ = st;
  }
  Napi::Value Result(Napi::Env env) override { return wrap_(env, state_); }

 private:
  ServiceTarget target_;
  Connect connect_;
  WrapFn wrap_;
  std::shared_ptr<State> state_;
};

}  // namespace cw
