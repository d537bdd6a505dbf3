// Every blocking libimobiledevice/libusbmuxd call runs in Execute() on the libuv pool and settles
// a Promise. Execute() must touch no JS values; it records a Failure instead of throwing.
#pragma once
#include <napi.h>

#include "errors.h"

namespace cw {

class PromiseWorker : public Napi::AsyncWorker {
 public:
  explicit PromiseWorker(Napi::Env env)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}

  // Queues the worker and hands back its promise (the worker deletes itself when done).
  Napi::Promise Start() {
    Napi::Promise p = deferred_.Promise();
    Queue();
    return p;
  }

 protected:
  void Fail(const Failure& f) {
    failure_ = f;
    SetError(f.op);
  }
  void Fail(const std::string& domain, int code, const std::string& op) { Fail(MakeFailure(domain, code, op)); }

  virtual Napi::Value Result(Napi::Env env) { return env.Undefined(); }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    deferred_.Resolve(Result(env));
  }
  void OnError(const Napi::Error&) override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    deferred_.Reject(ToJsError(env, failure_).Value());
  }

  Failure failure_;

 private:
  Napi::Promise::Deferred deferred_;
};

}  // namespace cw
