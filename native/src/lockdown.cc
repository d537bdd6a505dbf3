// Opening a lockdown connection. With the handshake, libimobiledevice 1.3.0 silently pairs with
// freshly generated keys when usbmuxd has no pair record (docs/device-protocols.md §2.8): that
// would bypass the station host identity, so by default we check for a record first and fail
// instead.
#include "lockdown.h"

#include <usbmuxd.h>

#include <cstdlib>

#include "addon_data.h"
#include "lockdown_handshake.h"
#include "worker.h"

namespace cw {
namespace {

// Tells apart "device not attached" from "usbmuxd not reachable": idevice_new says NO_DEVICE
// for both (§6.1), but a technician needs different remedies.
Failure NoDeviceFailure(const std::string& op) {
  usbmuxd_device_info_t* list = nullptr;
  int n = usbmuxd_get_device_list(&list);
  if (n < 0) {
    Failure f = MakeFailure("usbmuxd", n, op);
    f.codeName = "UNREACHABLE";
    return f;
  }
  usbmuxd_device_list_free(&list);
  return MakeFailure("idevice", IDEVICE_E_NO_DEVICE, op);
}

class ConnectWorker : public PromiseWorker {
 public:
  ConnectWorker(Napi::Env env, std::string udid, std::string label, bool handshake, bool requirePairRecord)
      : PromiseWorker(env), udid_(std::move(udid)), label_(std::move(label)), handshake_(handshake), requirePairRecord_(requirePairRecord) {}

  void Execute() override {
    auto st = std::make_shared<LockdownState>();
    st->udid = udid_;
    st->device = std::make_shared<DeviceRef>();
    idevice_error_t ie = idevice_new(&st->device->device, udid_.c_str());
    if (ie != IDEVICE_E_SUCCESS || !st->Device()) {
      st->device->device = nullptr;
      return Fail(ie == IDEVICE_E_NO_DEVICE ? NoDeviceFailure("idevice_new") : MakeFailure("idevice", ie, "idevice_new"));
    }
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
        return Fail(f);
      }
    }
    lockdownd_error_t le = !handshake_           ? lockdownd_client_new(st->Device(), &st->client, label_.c_str())
                           : requirePairRecord_ ? HandshakePromptly(st->Device(), label_.c_str(), record, &st->client)
                                                : lockdownd_client_new_with_handshake(st->Device(), &st->client, label_.c_str());
    if (le != LOCKDOWN_E_SUCCESS || !st->client) {
      if (st->client) lockdownd_client_free(st->client);
      st->client = nullptr;
      return Fail("lockdown", le, handshake_ ? "lockdownd_client_new_with_handshake" : "lockdownd_client_new");
    }
    state_ = st;
  }

  Napi::Value Result(Napi::Env env) override { return LockdownClient::Wrap(env, state_); }

 private:
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
                         InstanceMethod<&LockdownClient::Close>("close"),
                         InstanceAccessor<&LockdownClient::GetUdid>("udid"),
                     });
}

Napi::Value LockdownClient::GetUdid(const Napi::CallbackInfo& info) {
  return state_ ? Napi::String::New(info.Env(), state_->udid) : info.Env().Null();
}

}  // namespace cw
