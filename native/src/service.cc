#include "service.h"

#include <usbmuxd.h>

#include "addon_data.h"
#include "op_worker.h"
#include "plist_js.h"
#include "prompt_tls.h"
#include "service_connect.h"

namespace cw {

ServiceTarget ReadServiceTarget(const Napi::CallbackInfo& info, const char* usage) {
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsObject()) throw Napi::TypeError::New(info.Env(), usage);
  Napi::Object d = info[1].As<Napi::Object>();
  Napi::Value port = d.Get("port");
  if (!port.IsNumber()) throw Napi::TypeError::New(info.Env(), usage);
  int p = port.As<Napi::Number>().Int32Value();
  if (p <= 0 || p > 65535) throw Napi::RangeError::New(info.Env(), "service port must be 1..65535");
  ServiceTarget t;
  t.udid = info[0].As<Napi::String>().Utf8Value();
  t.port = static_cast<uint16_t>(p);
  t.ssl = d.Get("sslEnabled").ToBoolean();
  return t;
}

namespace {
using SvcWorker = OpWorker<ServiceState>;
Failure SvcFail(property_list_service_error_t e, const char* op) { return MakeFailure("service", e, op); }
}  // namespace

Failure ConnectPlistService(idevice_t dev, lockdownd_service_descriptor_t svc, bool ssl, ServiceState& st) {
  property_list_service_error_t e = property_list_service_client_new(dev, svc, &st.client);
  if (e != PROPERTY_LIST_SERVICE_E_SUCCESS || !st.client) {
    st.client = nullptr;
    return SvcFail(e != PROPERTY_LIST_SERVICE_E_SUCCESS ? e : PROPERTY_LIST_SERVICE_E_UNKNOWN_ERROR, "property_list_service_client_new");
  }
  if (ssl && EnableSslPromptly(ConnectionOf(st.client)) != IDEVICE_E_SUCCESS) {
    property_list_service_client_free(st.client);
    st.client = nullptr;
    return SvcFail(PROPERTY_LIST_SERVICE_E_SSL_ERROR, "property_list_service_enable_ssl");
  }
  return Failure();
}

Napi::Value ServiceConnect(const Napi::CallbackInfo& info) {
  ServiceTarget t = ReadServiceTarget(info, "serviceConnect(udid: string, service: { port: number; sslEnabled: boolean })");
  return (new ServiceConnectWorker<ServiceState>(info.Env(), t, &ConnectPlistService, &ServiceClient::Wrap))->Start();
}

Napi::Object ServiceClient::Wrap(Napi::Env env, std::shared_ptr<ServiceState> state) {
  Napi::Object obj = GetAddonData(env)->serviceClient.New({});
  ServiceClient::Unwrap(obj)->state_ = std::move(state);
  return obj;
}

ServiceClient::ServiceClient(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ServiceClient>(info) {}
ServiceClient::~ServiceClient() {
  if (state_) state_->stopListening = true;
  CloseInBackground(state_);
}

Napi::Function ServiceClient::Define(Napi::Env env) {
  return DefineClass(env, "ServiceClient",
                     {
                         InstanceMethod<&ServiceClient::Send>("send"),
                         InstanceMethod<&ServiceClient::Receive>("receive"),
                         InstanceMethod<&ServiceClient::Request>("request"),
                         InstanceMethod<&ServiceClient::Listen>("listen"),
                         InstanceMethod<&ServiceClient::Close>("close"),
                     });
}

Napi::Value ServiceClient::Send(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(info.Env(), "send(message: object, binary?: boolean)");
  bool binary = info.Length() > 1 && info[1].ToBoolean();
  // Built on the JS thread, so a value a plist cannot hold is a TypeError, not a device error.
  SharedPlist message = SharePlist(JsToPlist(info[0], "send()"));
  return (new SvcWorker(info.Env(), state_, "property_list_service_send", [=](ServiceState& s, OpResult&) {
            plist_t p = static_cast<plist_t>(message.get());
            property_list_service_error_t e = binary ? property_list_service_send_binary_plist(s.client, p)
                                                     : property_list_service_send_xml_plist(s.client, p);
            return e == PROPERTY_LIST_SERVICE_E_SUCCESS ? Ok() : SvcFail(e, "property_list_service_send");
          }))->Start();
}

namespace {
Failure ReceiveInto(ServiceState& s, OpResult& r, uint32_t timeout) {
  plist_t p = nullptr;
  property_list_service_error_t e = property_list_service_receive_plist_with_timeout(s.client, &p, timeout);
  if (e != PROPERTY_LIST_SERVICE_E_SUCCESS) {
    if (p) plist_free(p);
    return SvcFail(e, "property_list_service_receive");
  }
  if (!p) return SvcFail(PROPERTY_LIST_SERVICE_E_PLIST_ERROR, "property_list_service_receive");
  r.SetPlist(p);
  return Ok();
}
}  // namespace

Napi::Value ServiceClient::Receive(const Napi::CallbackInfo& info) {
  uint32_t timeout = 30000;
  if (info.Length() > 0 && info[0].IsNumber()) timeout = info[0].As<Napi::Number>().Uint32Value();
  return (new SvcWorker(info.Env(), state_, "property_list_service_receive", [=](ServiceState& s, OpResult& r) { return ReceiveInto(s, r, timeout); }))->Start();
}

// send() then receive(timeoutMs) in one device call under the handle's lock: a request/reply pair
// costs one hand-off to an executor thread and one promise instead of two (issue 14). A failure
// names the half that failed in its op, as the separate calls would; a receive timeout leaves the
// message sent, so the caller may go on waiting with receive().
Napi::Value ServiceClient::Request(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(info.Env(), "request(message: object, binary?: boolean, timeoutMs?: number)");
  bool binary = info.Length() > 1 && info[1].ToBoolean();
  uint32_t timeout = 30000;
  if (info.Length() > 2 && info[2].IsNumber()) timeout = info[2].As<Napi::Number>().Uint32Value();
  SharedPlist message = SharePlist(JsToPlist(info[0], "request()"));
  return (new SvcWorker(info.Env(), state_, "property_list_service_request", [=](ServiceState& s, OpResult& r) {
            plist_t p = static_cast<plist_t>(message.get());
            property_list_service_error_t e = binary ? property_list_service_send_binary_plist(s.client, p)
                                                     : property_list_service_send_xml_plist(s.client, p);
            if (e != PROPERTY_LIST_SERVICE_E_SUCCESS) return SvcFail(e, "property_list_service_send");
            return ReceiveInto(s, r, timeout);
          }))->Start();
}

Napi::Value ServiceClient::Close(const Napi::CallbackInfo& info) {
  // A listen() thread lets go of the handle within one receive slice (service_listen.cc).
  if (state_) state_->stopListening = true;
  return (new SvcWorker(info.Env(), state_, "property_list_service_client_free", [](ServiceState& s, OpResult&) {
            s.CloseLocked();
            return Ok();
          }, true))->Start();
}

}  // namespace cw
