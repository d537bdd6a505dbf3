#include "diagnostics.h"

#include "addon_data.h"
#include "op_worker.h"
#include "plist_js.h"
#include "prompt_tls.h"
#include "service_connect.h"

namespace cw {
namespace {
using DiagWorker = OpWorker<DiagnosticsState>;
Failure DiagFail(diagnostics_relay_error_t e, const char* op) { return MakeFailure("diagnostics", e, op); }

int FlagsArg(const Napi::CallbackInfo& info) {
  return info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 0;
}
}  // namespace

Failure ConnectDiagnostics(idevice_t dev, lockdownd_service_descriptor_t svc, bool ssl, DiagnosticsState& st) {
  diagnostics_relay_error_t e = diagnostics_relay_client_new(dev, svc, &st.client);
  if (e != DIAGNOSTICS_RELAY_E_SUCCESS || !st.client) {
    st.client = nullptr;
    return DiagFail(e != DIAGNOSTICS_RELAY_E_SUCCESS ? e : DIAGNOSTICS_RELAY_E_UNKNOWN_ERROR, "diagnostics_relay_client_new");
  }
  // diagnostics_relay_client_private begins with its property_list_service_client_t (prompt_tls.h).
  if (ssl && EnableSslPromptly(ConnectionOf(*reinterpret_cast<property_list_service_client_t*>(st.client))) != IDEVICE_E_SUCCESS) {
    diagnostics_relay_client_free(st.client);
    st.client = nullptr;
    return MakeFailure("idevice", IDEVICE_E_SSL_ERROR, "diagnostics_relay_enable_ssl");
  }
  return Failure();
}

Napi::Value DiagnosticsConnect(const Napi::CallbackInfo& info) {
  ServiceTarget t = ReadServiceTarget(info, "diagnosticsConnect(udid: string, service: { port: number; sslEnabled: boolean })");
  return (new ServiceConnectWorker<DiagnosticsState>(info.Env(), t, &ConnectDiagnostics, &DiagnosticsRelay::Wrap))->Start();
}

Napi::Object DiagnosticsRelay::Wrap(Napi::Env env, std::shared_ptr<DiagnosticsState> state) {
  Napi::Object obj = GetAddonData(env)->diagnosticsRelay.New({});
  DiagnosticsRelay::Unwrap(obj)->state_ = std::move(state);
  return obj;
}

DiagnosticsRelay::DiagnosticsRelay(const Napi::CallbackInfo& info) : Napi::ObjectWrap<DiagnosticsRelay>(info) {}
DiagnosticsRelay::~DiagnosticsRelay() { CloseInBackground(state_); }

Napi::Function DiagnosticsRelay::Define(Napi::Env env) {
  return DefineClass(env, "DiagnosticsRelay",
                     {
                         InstanceMethod<&DiagnosticsRelay::IoregistryEntry>("ioregistryEntry"),
                         InstanceMethod<&DiagnosticsRelay::Restart>("restart"),
                         InstanceMethod<&DiagnosticsRelay::Shutdown>("shutdown"),
                         InstanceMethod<&DiagnosticsRelay::Sleep>("sleep"),
                         InstanceMethod<&DiagnosticsRelay::Close>("close"),
                     });
}

Napi::Value DiagnosticsRelay::IoregistryEntry(const Napi::CallbackInfo& info) {
  std::string name, cls;
  bool hasName = info.Length() > 0 && info[0].IsString();
  bool hasCls = info.Length() > 1 && info[1].IsString();
  if (hasName) name = info[0].As<Napi::String>();
  if (hasCls) cls = info[1].As<Napi::String>();
  return (new DiagWorker(info.Env(), state_, "diagnostics_relay_query_ioregistry_entry", [=](DiagnosticsState& s, OpResult& r) {
            plist_t result = nullptr;
            diagnostics_relay_error_t e = diagnostics_relay_query_ioregistry_entry(
                s.client, hasName ? name.c_str() : nullptr, hasCls ? cls.c_str() : nullptr, &result);
            if (e != DIAGNOSTICS_RELAY_E_SUCCESS) {
              if (result) plist_free(result);
              return DiagFail(e, "diagnostics_relay_query_ioregistry_entry");
            }
            r.SetPlist(result);
            return Ok();
          }))->Start();
}

Napi::Value DiagnosticsRelay::Restart(const Napi::CallbackInfo& info) {
  int flags = FlagsArg(info);
  return (new DiagWorker(info.Env(), state_, "diagnostics_relay_restart", [=](DiagnosticsState& s, OpResult&) {
            auto e = diagnostics_relay_restart(s.client, static_cast<diagnostics_relay_action_t>(flags));
            return e == DIAGNOSTICS_RELAY_E_SUCCESS ? Ok() : DiagFail(e, "diagnostics_relay_restart");
          }))->Start();
}

Napi::Value DiagnosticsRelay::Shutdown(const Napi::CallbackInfo& info) {
  int flags = FlagsArg(info);
  return (new DiagWorker(info.Env(), state_, "diagnostics_relay_shutdown", [=](DiagnosticsState& s, OpResult&) {
            auto e = diagnostics_relay_shutdown(s.client, static_cast<diagnostics_relay_action_t>(flags));
            return e == DIAGNOSTICS_RELAY_E_SUCCESS ? Ok() : DiagFail(e, "diagnostics_relay_shutdown");
          }))->Start();
}

Napi::Value DiagnosticsRelay::Sleep(const Napi::CallbackInfo& info) {
  return (new DiagWorker(info.Env(), state_, "diagnostics_relay_sleep", [](DiagnosticsState& s, OpResult&) {
            auto e = diagnostics_relay_sleep(s.client);
            return e == DIAGNOSTICS_RELAY_E_SUCCESS ? Ok() : DiagFail(e, "diagnostics_relay_sleep");
          }))->Start();
}

Napi::Value DiagnosticsRelay::Close(const Napi::CallbackInfo& info) {
  return (new DiagWorker(info.Env(), state_, "diagnostics_relay_client_free", [](DiagnosticsState& s, OpResult&) {
            s.CloseLocked();
            return Ok();
          }, true))->Start();
}

}  // namespace cw
