// Direct libusbmuxd calls. Each opens its own short usbmuxd connection (one request, one reply,
// docs/device-protocols.md §2.1), so they are safe to run concurrently from executor threads.
#include "usbmux.h"

#include <libimobiledevice/libimobiledevice.h>
#include <usbmuxd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "worker.h"

namespace cw {
namespace {

struct DeviceInfo {
  std::string udid;
  uint32_t handle;
  uint32_t productId;
  bool network;
};

class ListDevicesWorker : public PromiseWorker {
 public:
  using PromiseWorker::PromiseWorker;
  void Execute() override {
    usbmuxd_device_info_t* list = nullptr;
    int n = usbmuxd_get_device_list(&list);
    if (n < 0) return Fail("usbmuxd", n, "usbmuxd_get_device_list");
    for (int i = 0; i < n && list[i].handle > 0; i++) {
      devices_.push_back({std::string(list[i].udid, strnlen(list[i].udid, sizeof(list[i].udid))), list[i].handle,
                          list[i].product_id, list[i].conn_type == CONNECTION_TYPE_NETWORK});
    }
    usbmuxd_device_list_free(&list);
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Array arr = Napi::Array::New(env, devices_.size());
    for (size_t i = 0; i < devices_.size(); i++) {
      Napi::Object o = Napi::Object::New(env);
      o.Set("udid", devices_[i].udid);
      o.Set("handle", Napi::Number::New(env, devices_[i].handle));
      o.Set("productId", Napi::Number::New(env, devices_[i].productId));
      o.Set("connectionType", devices_[i].network ? "network" : "usb");
      arr.Set(static_cast<uint32_t>(i), o);
    }
    return arr;
  }

 private:
  std::vector<DeviceInfo> devices_;
};

class ReadBuidWorker : public PromiseWorker {
 public:
  using PromiseWorker::PromiseWorker;
  void Execute() override {
    char* buid = nullptr;
    int rc = usbmuxd_read_buid(&buid);
    if (rc < 0) return Fail("usbmuxd", rc, "usbmuxd_read_buid");
    if (buid) {
      buid_ = buid;
      has_ = true;
      free(buid);
    }
  }
  Napi::Value Result(Napi::Env env) override { return has_ ? Napi::String::New(env, buid_) : env.Null(); }

 private:
  std::string buid_;
  bool has_ = false;
};

class ReadPairRecordWorker : public PromiseWorker {
 public:
  ReadPairRecordWorker(Napi::Env env, std::string udid) : PromiseWorker(env), udid_(std::move(udid)) {}
  void Execute() override {
    char* data = nullptr;
    uint32_t size = 0;
    int rc = usbmuxd_read_pair_record(udid_.c_str(), &data, &size);
    // usbmuxd answers "not found" with an errno Result; libimobiledevice treats any negative
    // value as "no pair record" (§2.5), and so do we: null, not an error.
    if (rc < 0 || !data) {
      if (rc == -1) return Fail("usbmuxd", rc, "usbmuxd_read_pair_record");
      return;
    }
    data_.assign(data, data + size);
    found_ = true;
    free(data);
  }
  Napi::Value Result(Napi::Env env) override {
    if (!found_) return env.Null();
    return Napi::Buffer<char>::Copy(env, data_.data(), data_.size());
  }

 private:
  std::string udid_;
  std::vector<char> data_;
  bool found_ = false;
};

class SavePairRecordWorker : public PromiseWorker {
 public:
  SavePairRecordWorker(Napi::Env env, std::string udid, uint32_t deviceId, std::vector<char> data)
      : PromiseWorker(env), udid_(std::move(udid)), deviceId_(deviceId), data_(std::move(data)) {}
  void Execute() override {
    int rc = usbmuxd_save_pair_record_with_device_id(udid_.c_str(), deviceId_, data_.data(), static_cast<uint32_t>(data_.size()));
    if (rc != 0) Fail("usbmuxd", rc < 0 ? rc : -rc, "usbmuxd_save_pair_record");
  }

 private:
  std::string udid_;
  uint32_t deviceId_;
  std::vector<char> data_;
};

class DeletePairRecordWorker : public PromiseWorker {
 public:
  DeletePairRecordWorker(Napi::Env env, std::string udid) : PromiseWorker(env), udid_(std::move(udid)) {}
  void Execute() override {
    int rc = usbmuxd_delete_pair_record(udid_.c_str());
    if (rc != 0) Fail("usbmuxd", rc < 0 ? rc : -rc, "usbmuxd_delete_pair_record");
  }

 private:
  std::string udid_;
};

std::string UdidArg(const Napi::CallbackInfo& info, const char* usage) {
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(info.Env(), usage);
  std::string udid = info[0].As<Napi::String>();
  if (udid.empty() || udid.size() >= 44) throw Napi::TypeError::New(info.Env(), std::string(usage) + ": bad UDID");
  return udid;
}

Napi::Value ListDevices(const Napi::CallbackInfo& info) { return (new ListDevicesWorker(info.Env()))->Start(); }
Napi::Value ReadBuid(const Napi::CallbackInfo& info) { return (new ReadBuidWorker(info.Env()))->Start(); }

Napi::Value ReadPairRecord(const Napi::CallbackInfo& info) {
  return (new ReadPairRecordWorker(info.Env(), UdidArg(info, "readPairRecord(udid)")))->Start();
}

Napi::Value SavePairRecord(const Napi::CallbackInfo& info) {
  std::string udid = UdidArg(info, "savePairRecord(udid, deviceId, data)");
  if (info.Length() < 3 || !info[1].IsNumber() || !info[2].IsBuffer())
    throw Napi::TypeError::New(info.Env(), "savePairRecord(udid: string, deviceId: number, data: Buffer)");
  uint32_t deviceId = info[1].As<Napi::Number>().Uint32Value();
  auto buf = info[2].As<Napi::Buffer<char>>();
  std::vector<char> data(buf.Data(), buf.Data() + buf.Length());
  return (new SavePairRecordWorker(info.Env(), udid, deviceId, std::move(data)))->Start();
}

Napi::Value DeletePairRecord(const Napi::CallbackInfo& info) {
  return (new DeletePairRecordWorker(info.Env(), UdidArg(info, "deletePairRecord(udid)")))->Start();
}

Napi::Value SetUseInotify(const Napi::CallbackInfo& info) {
  libusbmuxd_set_use_inotify(info.Length() > 0 && info[0].ToBoolean() ? 1 : 0);
  return info.Env().Undefined();
}

Napi::Value SetDebugLevel(const Napi::CallbackInfo& info) {
  int level = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 0;
  libusbmuxd_set_debug_level(level);
  idevice_set_debug_level(level);
  return info.Env().Undefined();
}

}  // namespace

void InitUsbmux(Napi::Env env, Napi::Object exports) {
  exports.Set("listDevices", Napi::Function::New(env, ListDevices, "listDevices"));
  exports.Set("readBuid", Napi::Function::New(env, ReadBuid, "readBuid"));
  exports.Set("readPairRecord", Napi::Function::New(env, ReadPairRecord, "readPairRecord"));
  exports.Set("savePairRecord", Napi::Function::New(env, SavePairRecord, "savePairRecord"));
  exports.Set("deletePairRecord", Napi::Function::New(env, DeletePairRecord, "deletePairRecord"));
  exports.Set("setUseInotify", Napi::Function::New(env, SetUseInotify, "setUseInotify"));
  exports.Set("setDebugLevel", Napi::Function::New(env, SetDebugLevel, "setDebugLevel"));
}

}  // namespace cw
