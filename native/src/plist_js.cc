#include "plist_js.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace cw {
namespace {

// libplist 2.2 dates count seconds from 2001-01-01T00:00:00Z (Apple's reference date).
constexpr double kMacEpochMs = 978307200000.0;

void SetMember(Napi::Object obj, const char* key, Napi::Value value) {
  // A device-sent "__proto__" key must become an own property, never the object's prototype.
  if (strcmp(key, "__proto__") == 0) {
    obj.DefineProperty(Napi::PropertyDescriptor::Value(key, value, napi_default_jsproperty));
  } else {
    obj.Set(key, value);
  }
}

Napi::Value DictToJs(Napi::Env env, plist_t node) {
  Napi::Object obj = Napi::Object::New(env);
  plist_dict_iter it = nullptr;
  plist_dict_new_iter(node, &it);
  if (!it) return obj;
  for (;;) {
    char* key = nullptr;
    plist_t value = nullptr;
    plist_dict_next_item(node, it, &key, &value);
    if (!key) break;
    SetMember(obj, key, PlistToJs(env, value));
    free(key);
  }
  free(it);
  return obj;
}

plist_t ObjectToDict(Napi::Object obj, const char* what) {
  plist_t dict = plist_new_dict();
  // Own enumerable string keys, as the XML builder's for…in + hasOwn, in one call (no
  // HasOwnProperty round trip per member).
  napi_value names = nullptr;
  napi_status st = napi_get_all_property_names(obj.Env(), obj, napi_key_own_only,
                                               static_cast<napi_key_filter>(napi_key_enumerable | napi_key_skip_symbols),
                                               napi_key_numbers_to_strings, &names);
  if (st != napi_ok) {
    plist_free(dict);
    throw Napi::Error::New(obj.Env(), std::string(what) + ": could not list the object's keys");
  }
  Napi::Array keys(obj.Env(), names);
  for (uint32_t i = 0; i < keys.Length(); i++) {
    Napi::Value k = keys.Get(i);
    std::string key = k.As<Napi::String>().Utf8Value();
    Napi::Value v = obj.Get(k);
    if (v.IsUndefined() || v.IsNull()) continue;
    try {
      plist_dict_set_item(dict, key.c_str(), JsToPlist(v, what));
    } catch (...) {
      plist_free(dict);
      throw;
    }
  }
  return dict;
}

}  // namespace

Napi::Value PlistToJs(Napi::Env env, plist_t node) {
  if (!node) return env.Undefined();
  switch (plist_get_node_type(node)) {
    case PLIST_DICT: return DictToJs(env, node);
    case PLIST_ARRAY: {
      uint32_t n = plist_array_get_size(node);
      Napi::Array arr = Napi::Array::New(env, n);
      for (uint32_t i = 0; i < n; i++) arr.Set(i, PlistToJs(env, plist_array_get_item(node, i)));
      return arr;
    }
    case PLIST_STRING:
    case PLIST_KEY: {
      uint64_t len = 0;
      const char* s = plist_get_string_ptr(node, &len);
      return Napi::String::New(env, s ? s : "", s ? static_cast<size_t>(len) : 0);
    }
    case PLIST_BOOLEAN: {
      uint8_t b = 0;
      plist_get_bool_val(node, &b);
      return Napi::Boolean::New(env, b != 0);
    }
    case PLIST_UINT: {
      // libplist 2.2 keeps every integer as 64 bits and prints it signed (node_to_xml), as the
      // XML path this replaces read it.
      uint64_t u = 0;
      plist_get_uint_val(node, &u);
      return Napi::Number::New(env, static_cast<double>(static_cast<int64_t>(u)));
    }
    case PLIST_REAL: {
      double d = 0;
      plist_get_real_val(node, &d);
      return Napi::Number::New(env, d);
    }
    case PLIST_DATE: {
      int32_t sec = 0, usec = 0;
      plist_get_date_val(node, &sec, &usec);
      return Napi::Date::New(env, kMacEpochMs + static_cast<double>(sec) * 1000.0 + static_cast<double>(usec) / 1000.0);
    }
    case PLIST_DATA: {
      uint64_t len = 0;
      const char* p = plist_get_data_ptr(node, &len);
      return Napi::Buffer<char>::Copy(env, p ? p : "", p ? static_cast<size_t>(len) : 0);
    }
    case PLIST_UID: {
      uint64_t u = 0;
      plist_get_uid_val(node, &u);
      Napi::Object o = Napi::Object::New(env);
      o.Set("CF$UID", Napi::Number::New(env, static_cast<double>(u)));
      return o;
    }
    default: return env.Undefined();
  }
}

plist_t JsToPlist(Napi::Value v, const char* what) {
  Napi::Env env = v.Env();
  if (v.IsString()) return plist_new_string(v.As<Napi::String>().Utf8Value().c_str());
  if (v.IsBoolean()) return plist_new_bool(v.As<Napi::Boolean>().Value() ? 1 : 0);
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.3e18) return plist_new_uint(static_cast<uint64_t>(static_cast<int64_t>(d)));
    return plist_new_real(d);
  }
  if (v.IsBigInt()) {
    bool lossless = false;
    int64_t i = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) {
      uint64_t u = v.As<Napi::BigInt>().Uint64Value(&lossless);
      if (!lossless) throw Napi::TypeError::New(env, std::string(what) + ": integer out of 64-bit range");
      return plist_new_uint(u);
    }
    return plist_new_uint(static_cast<uint64_t>(i));
  }
  if (v.IsBuffer()) {
    auto b = v.As<Napi::Buffer<char>>();
    return plist_new_data(b.Data(), b.Length());
  }
  if (v.IsTypedArray()) {
    auto t = v.As<Napi::TypedArray>();
    auto bytes = static_cast<const char*>(t.ArrayBuffer().Data()) + t.ByteOffset();
    return plist_new_data(bytes, t.ByteLength());
  }
  if (v.IsArrayBuffer()) {
    auto a = v.As<Napi::ArrayBuffer>();
    return plist_new_data(static_cast<const char*>(a.Data()), a.ByteLength());
  }
  if (v.IsDate()) {
    double ms = v.As<Napi::Date>().ValueOf() - kMacEpochMs;
    double sec = std::floor(ms / 1000.0);
    return plist_new_date(static_cast<int32_t>(sec), static_cast<int32_t>((ms - sec * 1000.0) * 1000.0));
  }
  if (v.IsArray()) {
    Napi::Array a = v.As<Napi::Array>();
    plist_t arr = plist_new_array();
    for (uint32_t i = 0; i < a.Length(); i++) {
      Napi::Value item = a.Get(i);
      if (item.IsUndefined() || item.IsNull()) continue;
      try {
        plist_array_append_item(arr, JsToPlist(item, what));
      } catch (...) {
        plist_free(arr);
        throw;
      }
    }
    return arr;
  }
  if (v.IsObject() && !v.IsFunction()) return ObjectToDict(v.As<Napi::Object>(), what);
  throw Napi::TypeError::New(env, std::string(what) + ": not a property-list value");
}

}  // namespace cw
