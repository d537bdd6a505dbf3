// Opening a lockdown connection. With the handshake, libimobiledevice 1.3.0 silently pairs with
// freshly generated keys when usbmuxd has no pair record (docs/device-protocols.md §2.8): that
// would bypass the station host identity, so by default we check for a record first and fail
// instead.
#include "lockdown.h"

#include <usbmuxd.h>

#include <cstdlib>

#include "addon_data.h"
#include "device_cache.h"
#include "lockdown_handshake.h"
#include "worker.h"

namespace cw {
namespace {

class ConnectWorker : public PromiseWorker {
 public:
  ConnectWorker(Napi::Env env, std::string udid, std::string label, bool handshake, bool requirePairRecord)
      : PromiseWorker(env), udid_(std::move(udid)), label_(std::move(label)), handshake_(handshake), requirePairRecord_(requirePairRecord) {}

  void Execute() override {
    auto st = std::make_shared<LockdownState>();
    st->udid = udid_;
    // The device is this UDID's cached idevice_t when there is one (device_cache.h): the attach
    // read, Pair's plain connection and the pooled session then list usbmuxd's devices once, not 3 times.
    Failure f = ConnectOnDevice(udid_, &st->device, [&](const std::shared_ptr<DeviceRef>& dev) { return Connect(dev->device, *st); });
    if (!f.domain.empty()) {
      st->device.reset();
      return Fail(f);
    }
    state_ = st;
  }

  Napi::Value Result(Napi::Env env) override { return LockdownClient::Wrap(env, state_); }

 private:
  Failure Connect(idevice_t device, LockdownState& st) {
    std::string record;
    if (handshake_ && requirePairRecord_) {
      char* data = nullptr;
      uint32_t size = 0;
      int rc = usbmuxd_read_pair_record(udid_.c_str(), &data, &size);
      bool found = rc >= 0 && data != nullptr;
      if (data) record.assign(data, size);
      if (data) free(data);
      if (!found) {
        Failure f = MakeFailure("usbmuxd", rc < 0 ? rc : -2, "usbmuxd_read_pair_record");
        f.domain = "cartwright";
        f.codeName = "NO_PAIR_RECORD";
        return f;
      }
    }
    lockdownd_error_t le = !handshake_           ? lockdownd_client_new(device, &st.client, label_.c_str())
                           : requirePairRecord_ ? HandshakePromptly(device, label_.c_str(), record, &st.client)
                                                : lockdownd_client_new_with_handshake(device, &st.client, label_.c_str());
    if (le != LOCKDOWN_E_SUCCESS || !st.client) {
      if (st.client) lockdownd_client_free(st.client);
      st.client = nullptr;
      return MakeFailure("lockdown", le, handshake_ ? "lockdownd_client_new_with_handshake" : "lockdownd_client_new");
    }
    return Failure();
  }

  std::string udid_, label_;
  bool handshake_, requirePairRecord_;
  std::shared_ptr<LockdownState> state_;
};

}  // namespace

Napi::Value LockdownConnect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* usage = "lockdownConnect(udid: string, options: { handshake: boolean; label: string; requirePairRecord?: boolean })";
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsObject()) throw Napi::TypeError::New(env, usage);
  std::string udid = info[0].As<Napi::String>();
  if (udid.empty()) throw Napi::TypeError::New(env, usage);
  Napi::Object o = info[1].As<Napi::Object>();
  bool handshake = o.Get("handshake").ToBoolean();
  std::string label = o.Get("label").IsString() ? o.Get("label").As<Napi::String>().Utf8Value() : std::string("cartwright");
  Napi::Value req = o.Get("requirePairRecord");
  bool requirePairRecord = req.IsUndefined() ? true : req.ToBoolean().Value();
  return (new ConnectWorker(env, udid, label, handshake, requirePairRecord))->Start();
}

Napi::Object LockdownClient::Wrap(Napi::Env env, std::shared_ptr<LockdownState> state) {
  Napi::Object obj = GetAddonData(env)->lockdownClient.New({});
  LockdownClient::Unwrap(obj)->state_ = std::move(state);
  return obj;
}

LockdownClient::LockdownClient(const Napi::CallbackInfo& info) : Napi::ObjectWrap<LockdownClient>(info) {}

LockdownClient::~LockdownClient() { CloseInBackground(state_); }

Napi::Function LockdownClient::Define(Napi::Env env) {
  return DefineClass(env, "LockdownClient",
                     {
                         InstanceMethod<&LockdownClient::GetValue>("getValue"),
                         InstanceMethod<&LockdownClient::SetValue>("setValue"),
                         InstanceMethod<&LockdownClient::RemoveValue>("removeValue"),
                         InstanceMethod<&LockdownClient::QueryType>("queryType"),
                         InstanceMethod<&LockdownClient::StartService>("startService"),
                         InstanceMethod<&LockdownClient::OpenService>("openService"),
                         InstanceMethod<&LockdownClient::Pair>("pair"),
                         InstanceMethod<&LockdownClient::ValidatePair>("validatePair"),
                         InstanceMethod<&LockdownClient::Unpair>("unpair"),
                         InstanceMethod<&LockdownClient::Activate>("activate"),
                         InstanceMethod<&LockdownClient::StartSession>("startSession"),
                         InstanceMethod<&LockdownClient::Close>("close"),
                         InstanceAccessor<&LockdownClient::GetUdid>("udid"),
                     });
}

Napi::Value LockdownClient::GetUdid(const Napi::CallbackInfo& info) {
  return state_ ? Napi::String::New(info.Env(), state_->udid) : info.Env().Null();
}

}  // namespace cw
