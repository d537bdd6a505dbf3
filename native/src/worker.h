// Every blocking libimobiledevice/libusbmuxd call runs in Execute() on an executor thread (the
// addon's own, executor.h; not libuv's pool) and settles a Promise. Execute() must touch no JS
// values; it records a Failure instead of throwing.
#pragma once
#include <napi.h>

#ifdef __linux__
#include <sched.h>
#endif

#include "errors.h"
#include "executor.h"

namespace cw {

// A thread that runs device I/O stops preempting the JavaScript thread when it wakes.
// Under CFS/EEVDF a thread woken from sleep (a new call's signal, a device's reply) normally
// preempts the running one; the JS thread queueing work was then descheduled inside the call
// until the device thread blocked again, which the V8 profiler showed as the addon's own time and
// the event loop as lag (issue 14). SCHED_BATCH keeps the thread's share of the CPU and only
// drops that wake-up preemption (sched(7)); it is set once per executor thread.
inline void YieldWakeupsToJsThread() {
#ifdef __linux__
  static thread_local bool done = false;
  if (done) return;
  done = true;
  sched_param param{};
  sched_setscheduler(0, SCHED_BATCH, &param);
#endif
}

class PromiseWorker : public Napi::AsyncWorker {
 public:
  explicit PromiseWorker(Napi::Env env)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}

  // Hands the worker to the executor and gives back its promise (the worker deletes itself when
  // done). libuv's pool only if the executor could not start a single thread.
  Napi::Promise Start() {
    Napi::Promise p = deferred_.Promise();
    if (!SubmitToExecutor(Env(), this)) Queue();
    return p;
  }

 protected:
  void Fail(const Failure& f) {
    failure_ = f;
    SetError(f.op);
  }
  void Fail(const std::string& domain, int code, const std::string& op) { Fail(MakeFailure(domain, code, op)); }

  virtual Napi::Value Result(Napi::Env env) { return env.Undefined(); }

  void OnExecute(Napi::Env env) override {
    YieldWakeupsToJsThread();
    Napi::AsyncWorker::OnExecute(env);
  }

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
