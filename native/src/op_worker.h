// One worker type for every operation on an open handle: it takes the handle's mutex for the whole
// call (per-handle serialisation), refuses a closed handle, and carries a small typed result.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "plist_js.h"
#include "worker.h"

namespace cw {

struct OpResult {
  enum Kind { kUndefined, kNull, kString, kService, kPlist, kObject } kind = kUndefined;
  std::string text;
  uint16_t port = 0;
  bool ssl = false;
  SharedPlist plist;
  // kObject: builds the value on the JS thread (e.g. wraps a new handle).
  std::function<Napi::Value(Napi::Env)> make;
  void SetString(std::string s) { kind = kString; text = std::move(s); }
  void SetNull() { kind = kNull; }
  // Takes ownership; NULL resolves null.
  void SetPlist(plist_t p) {
    if (!p) return SetNull();
    kind = kPlist;
    plist = SharePlist(p);
  }
};

inline Failure ClosedHandle(const std::string& op) {
  Failure f;
  f.domain = "cartwright";
  f.code = -1;
  f.codeName = "HANDLE_CLOSED";
  f.op = op;
  return f;
}

template <typename State>
class OpWorker : public PromiseWorker {
 public:
  // exec returns an empty Failure (domain "") on success.
  using Exec = std::function<Failure(State&, OpResult&)>;
  OpWorker(Napi::Env env, std::shared_ptr<State> state, std::string op, Exec exec, bool allowClosed = false)
      : PromiseWorker(env), state_(std::move(state)), op_(std::move(op)), exec_(std::move(exec)), allowClosed_(allowClosed) {
    if (!state_) throw Napi::Error::New(env, "this handle was not created by the addon");
  }

  void Execute() override {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (!allowClosed_ && !state_->IsOpen()) return Fail(ClosedHandle(op_));
    Failure f = exec_(*state_, result_);
    if (!f.domain.empty()) Fail(f);
  }

  Napi::Value Result(Napi::Env env) override {
    switch (result_.kind) {
      case OpResult::kNull: return env.Null();
      case OpResult::kString: return Napi::String::New(env, result_.text);
      case OpResult::kPlist: return PlistToJs(env, static_cast<plist_t>(result_.plist.get()));
      case OpResult::kObject: return result_.make(env);
      case OpResult::kService: {
        Napi::Object o = Napi::Object::New(env);
        o.Set("port", Napi::Number::New(env, result_.port));
        o.Set("sslEnabled", Napi::Boolean::New(env, result_.ssl));
        return o;
      }
      default: return env.Undefined();
    }
  }

 private:
  std::shared_ptr<State> state_;
  std::string op_;
  Exec exec_;
  bool allowClosed_;
  OpResult result_;
};

inline Failure Ok() { return Failure(); }

}  // namespace cw
