#pragma once
#include <libimobiledevice/property_list_service.h>
#include <napi.h>

#include <atomic>

#include "handle.h"
#include "service_connect.h"

namespace cw {

struct ServiceState : HandleState {
  property_list_service_client_t client = nullptr;
  // listen() (service_listen.cc): its thread runs until close() raises stopListening.
  std::atomic<bool> listening{false};
  std::atomic<bool> stopListening{false};
  bool IsOpen() const override { return client != nullptr; }
  void CloseClientLocked() override {
    property_list_service_client_free(client);
    client = nullptr;
  }
};

// JS class ServiceClient: send(value, binary), receive(timeoutMs), request(value, binary,
// timeoutMs), listen(onMessage), close(). The generic
// property-list service client (4-byte length + plist framing) used for MCInstall,
// mobileactivationd and any service libimobiledevice has no wrapper for.
class ServiceClient : public Napi::ObjectWrap<ServiceClient> {
 public:
  static Napi::Function Define(Napi::Env env);
  static Napi::Object Wrap(Napi::Env env, std::shared_ptr<ServiceState> state);
  explicit ServiceClient(const Napi::CallbackInfo& info);
  ~ServiceClient() override;

 private:
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Receive(const Napi::CallbackInfo& info);
  Napi::Value Request(const Napi::CallbackInfo& info);
  Napi::Value Listen(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  std::shared_ptr<ServiceState> state_;
};

// JS: serviceConnect(udid, { port, sslEnabled }): Promise<ServiceClient>
Napi::Value ServiceConnect(const Napi::CallbackInfo& info);

// Plain connect, then TLS (prompt_tls.h) when the service asked for it.
Failure ConnectPlistService(idevice_t device, lockdownd_service_descriptor_t plain, bool ssl, ServiceState& st);

}  // namespace cw
