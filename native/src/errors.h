// One shape for every failure that crosses into JS: which library layer failed (domain), its
// numeric code, the code's stable name, and for lockdown Pair the device's reply. The TypeScript
// layer (electron/device/errors) turns these into DeviceError codes; names never change meaning.
#pragma once
#include <napi.h>
#include <memory>
#include <string>

namespace cw {

struct Failure {
  std::string domain;   // "idevice" | "lockdown" | "service" | "diagnostics" | "usbmuxd" | "cartwright"
  int code = 0;
  std::string codeName;
  std::string op;       // the C call or operation that failed, for the error chain
  std::shared_ptr<void> response;  // the device's reply (a plist_t, plist_js.h SharedPlist), when the library gave us one
};

const char* IdeviceErrorName(int code);
const char* LockdownErrorName(int code);
const char* ServiceErrorName(int code);
const char* DiagnosticsErrorName(int code);
std::string UsbmuxdErrorName(int code);  // negative errno values
const char* ErrorName(const std::string& domain, int code);

Failure MakeFailure(const std::string& domain, int code, const std::string& op);
Napi::Error ToJsError(Napi::Env env, const Failure& f);

// JS: errorName(domain, code) -> string
Napi::Value JsErrorName(const Napi::CallbackInfo& info);

}  // namespace cw
