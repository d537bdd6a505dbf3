#include "errors.h"

#include <cerrno>
#include <cstring>

#include "plist_js.h"

namespace cw {

const char* IdeviceErrorName(int code) {
  switch (code) {
    case 0: return "SUCCESS";
    case -1: return "INVALID_ARG";
    case -2: return "UNKNOWN_ERROR";
    case -3: return "NO_DEVICE";
    case -4: return "NOT_ENOUGH_DATA";
    case -6: return "SSL_ERROR";
    case -7: return "TIMEOUT";
    default: return "UNKNOWN_ERROR";
  }
}

// Mirrors lockdownd_error_t in libimobiledevice 1.3.0 (docs/device-protocols.md §3.13).
const char* LockdownErrorName(int code) {
  switch (code) {
    case 0: return "SUCCESS";
    case -1: return "INVALID_ARG";
    case -2: return "INVALID_CONF";
    case -3: return "PLIST_ERROR";
    case -4: return "PAIRING_FAILED";
    case -5: return "SSL_ERROR";
    case -6: return "DICT_ERROR";
    case -7: return "RECEIVE_TIMEOUT";
    case -8: return "MUX_ERROR";
    case -9: return "NO_RUNNING_SESSION";
    case -10: return "INVALID_RESPONSE";
    case -11: return "MISSING_KEY";
    case -12: return "MISSING_VALUE";
    case -13: return "GET_PROHIBITED";
    case -14: return "SET_PROHIBITED";
    case -15: return "REMOVE_PROHIBITED";
    case -16: return "IMMUTABLE_VALUE";
    case -17: return "PASSWORD_PROTECTED";
    case -18: return "USER_DENIED_PAIRING";
    case -19: return "PAIRING_DIALOG_RESPONSE_PENDING";
    case -20: return "MISSING_HOST_ID";
    case -21: return "INVALID_HOST_ID";
    case -22: return "SESSION_ACTIVE";
    case -23: return "SESSION_INACTIVE";
    case -24: return "MISSING_SESSION_ID";
    case -25: return "INVALID_SESSION_ID";
    case -26: return "MISSING_SERVICE";
    case -27: return "INVALID_SERVICE";
    case -28: return "SERVICE_LIMIT";
    case -29: return "MISSING_PAIR_RECORD";
    case -30: return "SAVE_PAIR_RECORD_FAILED";
    case -31: return "INVALID_PAIR_RECORD";
    case -32: return "INVALID_ACTIVATION_RECORD";
    case -33: return "MISSING_ACTIVATION_RECORD";
    case -34: return "SERVICE_PROHIBITED";
    case -35: return "ESCROW_LOCKED";
    case -36: return "PAIRING_PROHIBITED_OVER_THIS_CONNECTION";
    case -37: return "FMIP_PROTECTED";
    case -38: return "MC_PROTECTED";
    case -39: return "MC_CHALLENGE_REQUIRED";
    default: return "UNKNOWN_ERROR";
  }
}

const char* ServiceErrorName(int code) {
  switch (code) {
    case 0: return "SUCCESS";
    case -1: return "INVALID_ARG";
    case -2: return "PLIST_ERROR";
    case -3: return "MUX_ERROR";
    case -4: return "SSL_ERROR";
    case -5: return "RECEIVE_TIMEOUT";
    case -6: return "NOT_ENOUGH_DATA";
    default: return "UNKNOWN_ERROR";
  }
}

const char* DiagnosticsErrorName(int code) {
  switch (code) {
    case 0: return "SUCCESS";
    case -1: return "INVALID_ARG";
    case -2: return "PLIST_ERROR";
    case -3: return "MUX_ERROR";
    case -4: return "UNKNOWN_REQUEST";
    default: return "UNKNOWN_ERROR";
  }
}

// libusbmuxd returns negative errno values (or -1 for "could not reach usbmuxd").
std::string UsbmuxdErrorName(int code) {
  switch (-code) {
    case 1: return "UNREACHABLE";
    case ENOENT: return "ENOENT";
    case ENODEV: return "ENODEV";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EBADMSG: return "EBADMSG";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case EPROTO: return "EPROTO";
    case ENOMEM: return "ENOMEM";
    case ECONNRESET: return "ECONNRESET";
    default: return "ERRNO_" + std::to_string(-code);
  }
}

const char* ErrorName(const std::string& domain, int code) {
  if (domain == "idevice") return IdeviceErrorName(code);
  if (domain == "lockdown") return LockdownErrorName(code);
  if (domain == "service") return ServiceErrorName(code);
  if (domain == "diagnostics") return DiagnosticsErrorName(code);
  return "UNKNOWN_ERROR";
}

Failure MakeFailure(const std::string& domain, int code, const std::string& op) {
  Failure f;
  f.domain = domain;
  f.code = code;
  f.codeName = domain == "usbmuxd" ? UsbmuxdErrorName(code) : ErrorName(domain, code);
  f.op = op;
  return f;
}

Napi::Error ToJsError(Napi::Env env, const Failure& f) {
  std::string msg = f.op + " failed: " + f.domain + " " + f.codeName + " (" + std::to_string(f.code) + ")";
  Napi::Error err = Napi::Error::New(env, msg);
  Napi::Object o = err.Value();
  o.Set("native", Napi::Boolean::New(env, true));
  o.Set("domain", Napi::String::New(env, f.domain));
  o.Set("code", Napi::Number::New(env, f.code));
  o.Set("codeName", Napi::String::New(env, f.codeName));
  o.Set("op", Napi::String::New(env, f.op));
  if (f.response) o.Set("response", PlistToJs(env, static_cast<plist_t>(f.response.get())));
  return err;
}

Napi::Value JsErrorName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsNumber())
    throw Napi::TypeError::New(env, "errorName(domain: string, code: number)");
  std::string domain = info[0].As<Napi::String>();
  int code = info[1].As<Napi::Number>().Int32Value();
  if (domain == "usbmuxd") return Napi::String::New(env, UsbmuxdErrorName(code));
  return Napi::String::New(env, ErrorName(domain, code));
}

}  // namespace cw
