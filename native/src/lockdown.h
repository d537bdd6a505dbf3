#pragma once
#include <libimobiledevice/lockdown.h>
#include <napi.h>

#include <memory>

#include "handle.h"

namespace cw {

struct LockdownState : HandleState {
  lockdownd_client_t client = nullptr;
  bool IsOpen() const override { return client != nullptr; }
  void CloseClientLocked() override {
    lockdownd_client_free(client);  // sends StopSession when a session is active
    client = nullptr;
  }
};

// JS class LockdownClient: getValue, setValue, removeValue, queryType, startService, openService,
// pair, validatePair, unpair, activate, startSession, close. Instances come only from lockdownConnect().
// Plists cross as JS values (plist_js.h).
class LockdownClient : public Napi::ObjectWrap<LockdownClient> {
 public:
  static Napi::Function Define(Napi::Env env);
  static Napi::Object Wrap(Napi::Env env, std::shared_ptr<LockdownState> state);
  explicit LockdownClient(const Napi::CallbackInfo& info);
  ~LockdownClient() override;

 private:
  Napi::Value GetValue(const Napi::CallbackInfo& info);
  Napi::Value SetValue(const Napi::CallbackInfo& info);
  Napi::Value RemoveValue(const Napi::CallbackInfo& info);
  Napi::Value QueryType(const Napi::CallbackInfo& info);
  Napi::Value StartService(const Napi::CallbackInfo& info);
  Napi::Value OpenService(const Napi::CallbackInfo& info);
  Napi::Value Pair(const Napi::CallbackInfo& info);
  Napi::Value ValidatePair(const Napi::CallbackInfo& info);
  Napi::Value Unpair(const Napi::CallbackInfo& info);
  Napi::Value Activate(const Napi::CallbackInfo& info);
  Napi::Value StartSession(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetUdid(const Napi::CallbackInfo& info);

  std::shared_ptr<LockdownState> state_;
};

// JS: lockdownConnect(udid, { handshake, label, requirePairRecord }): Promise<LockdownClient>
Napi::Value LockdownConnect(const Napi::CallbackInfo& info);

}  // namespace cw
