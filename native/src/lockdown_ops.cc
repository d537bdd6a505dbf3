// LockdownClient methods. Argument checking happens here on the JS thread; the library call runs
// in an OpWorker holding the handle's mutex.
#include <cstdlib>
#include <string>
#include <vector>

#include "lockdown.h"
#include "lockdown_handshake.h"
#include "op_worker.h"
#include "plist_js.h"

namespace cw {
namespace {

using LdWorker = OpWorker<LockdownState>;

// null/undefined → absent (libimobiledevice takes NULL for "no domain"/"no key").
bool OptString(const Napi::Value& v, std::string* out, const char* what) {
  if (v.IsNull() || v.IsUndefined()) return false;
  if (!v.IsString()) throw Napi::TypeError::New(v.Env(), std::string(what) + " must be a string or null");
  *out = v.As<Napi::String>().Utf8Value();
  return true;
}

Failure LdFail(lockdownd_error_t e, const char* op) { return MakeFailure("lockdown", e, op); }

struct PairRecordArg {
  bool present = false;
  std::string device, host, root, hostId, systemBuid;
  lockdownd_pair_record rec{};
  lockdownd_pair_record_t Get() {
    if (!present) return nullptr;
    rec.device_certificate = &device[0];
    rec.host_certificate = &host[0];
    rec.root_certificate = &root[0];
    rec.host_id = &hostId[0];
    rec.system_buid = &systemBuid[0];
    return &rec;
  }
};

std::shared_ptr<PairRecordArg> ReadPairRecordArg(const Napi::Value& v) {
  auto out = std::make_shared<PairRecordArg>();
  if (v.IsNull() || v.IsUndefined()) return out;
  const char* usage = "pair record must be { deviceCertificate, hostCertificate, rootCertificate, hostId, systemBuid } strings";
  if (!v.IsObject()) throw Napi::TypeError::New(v.Env(), usage);
  Napi::Object o = v.As<Napi::Object>();
  auto str = [&](const char* k) {
    Napi::Value x = o.Get(k);
    if (!x.IsString()) throw Napi::TypeError::New(v.Env(), usage);
    return x.As<Napi::String>().Utf8Value();
  };
  out->device = str("deviceCertificate");
  out->host = str("hostCertificate");
  out->root = str("rootCertificate");
  out->hostId = str("hostId");
  out->systemBuid = str("systemBuid");
  out->present = true;
  return out;
}

}  // namespace

// getValue(domain, key, onlyKeys?): with a key list and no key, the whole domain still comes in
// one GetValue (lockdown has no multi-key request), but only the listed members cross to JS. The
// picking happens here in the worker, so OnOK converts a dozen members instead of the ~100 a
// device answers for the default domain (issue 14: that conversion ran on the JS thread).
Napi::Value LockdownClient::GetValue(const Napi::CallbackInfo& info) {
  std::string domain, key;
  bool hasDomain = info.Length() > 0 && OptString(info[0], &domain, "domain");
  bool hasKey = info.Length() > 1 && OptString(info[1], &key, "key");
  auto onlyKeys = std::make_shared<std::vector<std::string>>();
  if (info.Length() > 2 && !info[2].IsUndefined() && !info[2].IsNull()) {
    const char* usage = "getValue(): onlyKeys must be an array of strings";
    if (!info[2].IsArray()) throw Napi::TypeError::New(info.Env(), usage);
    Napi::Array list = info[2].As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); i++) {
      Napi::Value k = list.Get(i);
      if (!k.IsString()) throw Napi::TypeError::New(info.Env(), usage);
      onlyKeys->push_back(k.As<Napi::String>().Utf8Value());
    }
  }
  bool pick = !hasKey && !onlyKeys->empty();
  return (new LdWorker(info.Env(), state_, "lockdownd_get_value", [=](LockdownState& s, OpResult& r) {
            plist_t value = nullptr;
            lockdownd_error_t e = lockdownd_get_value(s.client, hasDomain ? domain.c_str() : nullptr, hasKey ? key.c_str() : nullptr, &value);
            if (e != LOCKDOWN_E_SUCCESS) {
              if (value) plist_free(value);
              return LdFail(e, "lockdownd_get_value");
            }
            if (!hasDomain && (!hasKey || key == "ProductVersion")) RememberProductVersion(s.Device(), value, !hasKey);
            if (pick && value && plist_get_node_type(value) == PLIST_DICT) {
              plist_t picked = plist_new_dict();
              for (const std::string& k : *onlyKeys) {
                plist_t item = plist_dict_get_item(value, k.c_str());
                if (item) plist_dict_set_item(picked, k.c_str(), plist_copy(item));
              }
              plist_free(value);
              value = picked;
            }
            r.SetPlist(value);
            return Ok();
          }))->Start();
}

Napi::Value LockdownClient::SetValue(const Napi::CallbackInfo& info) {
  std::string domain, key;
  bool hasDomain = info.Length() > 0 && OptString(info[0], &domain, "domain");
  bool hasKey = info.Length() > 1 && OptString(info[1], &key, "key");
  if (info.Length() < 3 || info[2].IsUndefined() || info[2].IsNull()) throw Napi::TypeError::New(info.Env(), "setValue(domain, key, value)");
  // Built on the JS thread; each run of the worker sends its own copy.
  SharedPlist built = SharePlist(JsToPlist(info[2], "setValue()"));
  return (new LdWorker(info.Env(), state_, "lockdownd_set_value", [=](LockdownState& s, OpResult&) {
            // lockdownd_set_value takes ownership of value (docs/device-protocols.md §3.5): a copy.
            plist_t value = plist_copy(static_cast<plist_t>(built.get()));
            lockdownd_error_t e = lockdownd_set_value(s.client, hasDomain ? domain.c_str() : nullptr, hasKey ? key.c_str() : nullptr, value);
            return e == LOCKDOWN_E_SUCCESS ? Ok() : LdFail(e, "lockdownd_set_value");
          }))->Start();
}

Napi::Value LockdownClient::RemoveValue(const Napi::CallbackInfo& info) {
  std::string domain, key;
  bool hasDomain = info.Length() > 0 && OptString(info[0], &domain, "domain");
  bool hasKey = info.Length() > 1 && OptString(info[1], &key, "key");
  return (new LdWorker(info.Env(), state_, "lockdownd_remove_value", [=](LockdownState& s, OpResult&) {
            lockdownd_error_t e = lockdownd_remove_value(s.client, hasDomain ? domain.c_str() : nullptr, hasKey ? key.c_str() : nullptr);
            return e == LOCKDOWN_E_SUCCESS ? Ok() : LdFail(e, "lockdownd_remove_value");
          }))->Start();
}

Napi::Value LockdownClient::QueryType(const Napi::CallbackInfo& info) {
  return (new LdWorker(info.Env(), state_, "lockdownd_query_type", [](LockdownState& s, OpResult& r) {
            char* type = nullptr;
            lockdownd_error_t e = lockdownd_query_type(s.client, &type);
            if (e != LOCKDOWN_E_SUCCESS) return LdFail(e, "lockdownd_query_type");
            if (type) { r.SetString(type); free(type); } else r.SetNull();
            return Ok();
          }))->Start();
}

Napi::Value LockdownClient::StartService(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), "startService(name: string, withEscrowBag?: boolean)");
  std::string name = info[0].As<Napi::String>();
  bool escrow = info.Length() > 1 && info[1].ToBoolean();
  return (new LdWorker(info.Env(), state_, "lockdownd_start_service", [=](LockdownState& s, OpResult& r) {
            lockdownd_service_descriptor_t svc = nullptr;
            lockdownd_error_t e = escrow ? lockdownd_start_service_with_escrow_bag(s.client, name.c_str(), &svc)
                                         : lockdownd_start_service(s.client, name.c_str(), &svc);
            if (e != LOCKDOWN_E_SUCCESS || !svc) {
              if (svc) lockdownd_service_descriptor_free(svc);
              return LdFail(e != LOCKDOWN_E_SUCCESS ? e : LOCKDOWN_E_UNKNOWN_ERROR, "lockdownd_start_service");
            }
            r.kind = OpResult::kService;
            r.port = svc->port;
            r.ssl = svc->ssl_enabled != 0;
            lockdownd_service_descriptor_free(svc);
            if (r.port == 0) return LdFail(LOCKDOWN_E_INVALID_RESPONSE, "lockdownd_start_service");
            return Ok();
          }))->Start();
}

// pair(record | null, options | null): Promise<response | null>. With a record this is
// libimobiledevice's "external pairing mode": it sends our record and saves nothing, so the caller
// owns SavePairRecord. A failure carries the device's reply (ExtendedResponse, PairingChallenge).
Napi::Value LockdownClient::Pair(const Napi::CallbackInfo& info) {
  auto rec = ReadPairRecordArg(info.Length() > 0 ? info[0] : info.Env().Null());
  bool hasOptions = info.Length() > 1 && !info[1].IsNull() && !info[1].IsUndefined();
  if (hasOptions && !info[1].IsObject()) throw Napi::TypeError::New(info.Env(), "pair(): options must be a dict or null");
  SharedPlist options = hasOptions ? SharePlist(JsToPlist(info[1], "pair() options")) : SharedPlist();
  return (new LdWorker(info.Env(), state_, "lockdownd_pair", [=](LockdownState& s, OpResult& r) {
            plist_t response = nullptr;
            lockdownd_error_t e = lockdownd_pair_with_options(s.client, rec->Get(), static_cast<plist_t>(options.get()), &response);
            if (e != LOCKDOWN_E_SUCCESS) {
              Failure f = LdFail(e, "lockdownd_pair");
              f.response = SharePlist(response);
              return f;
            }
            r.SetPlist(response);
            return Ok();
          }))->Start();
}

Napi::Value LockdownClient::ValidatePair(const Napi::CallbackInfo& info) {
  auto rec = ReadPairRecordArg(info.Length() > 0 ? info[0] : info.Env().Null());
  return (new LdWorker(info.Env(), state_, "lockdownd_validate_pair", [=](LockdownState& s, OpResult&) {
            lockdownd_error_t e = lockdownd_validate_pair(s.client, rec->Get());
            return e == LOCKDOWN_E_SUCCESS ? Ok() : LdFail(e, "lockdownd_validate_pair");
          }))->Start();
}

Napi::Value LockdownClient::Unpair(const Napi::CallbackInfo& info) {
  auto rec = ReadPairRecordArg(info.Length() > 0 ? info[0] : info.Env().Null());
  return (new LdWorker(info.Env(), state_, "lockdownd_unpair", [=](LockdownState& s, OpResult&) {
            lockdownd_error_t e = lockdownd_unpair(s.client, rec->Get());
            return e == LOCKDOWN_E_SUCCESS ? Ok() : LdFail(e, "lockdownd_unpair");
          }))->Start();
}

// activate(record): lockdown's own Activate request, the path for devices without
// com.apple.mobileactivationd (libideviceactivation tools/ideviceactivation.c). Needs a session.
Napi::Value LockdownClient::Activate(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(info.Env(), "activate(record: object)");
  SharedPlist record = SharePlist(JsToPlist(info[0], "activate()"));
  return (new LdWorker(info.Env(), state_, "lockdownd_activate", [=](LockdownState& s, OpResult&) {
            // lockdownd_activate copies the record into its request; ours is freed with `record`.
            lockdownd_error_t e = lockdownd_activate(s.client, static_cast<plist_t>(record.get()));
            return e == LOCKDOWN_E_SUCCESS ? Ok() : LdFail(e, "lockdownd_activate");
          }))->Start();
}

// startSession(hostId): StartSession + TLS on this plain connection (lockdown_handshake.h), so
// the connection that paired becomes the paired session without a second usbmuxd Connect,
// QueryType and pair-record read. The caller names the HostID the stored record carries.
Napi::Value LockdownClient::StartSession(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), "startSession(hostId: string)");
  std::string hostId = info[0].As<Napi::String>();
  if (hostId.empty()) throw Napi::TypeError::New(info.Env(), "startSession(hostId: string)");
  return (new LdWorker(info.Env(), state_, "lockdownd_start_session", [=](LockdownState& s, OpResult&) {
            lockdownd_error_t e = StartSessionPromptly(s.Device(), s.client, hostId);
            return e == LOCKDOWN_E_SUCCESS ? Ok() : LdFail(e, "lockdownd_start_session");
          }))->Start();
}

// Idempotent: closing a closed handle resolves.
Napi::Value LockdownClient::Close(const Napi::CallbackInfo& info) {
  return (new LdWorker(info.Env(), state_, "lockdownd_client_free", [](LockdownState& s, OpResult&) {
            s.CloseLocked();
            return Ok();
          }, true))->Start();
}

}  // namespace cw
