// cartwright_native: the N-API surface over libimobiledevice 1.3 / libusbmuxd 2.0 / libplist 2.2.
// Declared once in native/index.d.ts; loaded only by electron/device/transport.ts.
#include <napi.h>

#include "addon_data.h"
#include "diagnostics.h"
#include "errors.h"
#include "events.h"
#include "executor.h"
#include "lockdown.h"
#include "lockdown_handshake.h"
#include "service.h"
#include "usbmux.h"

namespace cw {

Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->lockdownClient = Napi::Persistent(LockdownClient::Define(env));
  data->serviceClient = Napi::Persistent(ServiceClient::Define(env));
  data->diagnosticsRelay = Napi::Persistent(DiagnosticsRelay::Define(env));
  env.SetInstanceData<AddonData>(data);
  InitExecutor(env);

  InitEvents(env);
  InitUsbmux(env, exports);
  exports.Set("subscribeEvents", Napi::Function::New(env, SubscribeEvents, "subscribeEvents"));
  exports.Set("unsubscribeEvents", Napi::Function::New(env, UnsubscribeEvents, "unsubscribeEvents"));
  exports.Set("lockdownConnect", Napi::Function::New(env, LockdownConnect, "lockdownConnect"));
  exports.Set("serviceConnect", Napi::Function::New(env, ServiceConnect, "serviceConnect"));
  exports.Set("diagnosticsConnect", Napi::Function::New(env, DiagnosticsConnect, "diagnosticsConnect"));
  exports.Set("errorName", Napi::Function::New(env, JsErrorName, "errorName"));
  exports.Set("canStartSessionOnPlainConnection", Napi::Boolean::New(env, kCanStartSessionOnPlainConnection));
  return exports;
}

}  // namespace cw

static Napi::Object Init(Napi::Env env, Napi::Object exports) { return cw::InitAddon(env, exports); }

NODE_API_MODULE(cartwright_native, Init)
