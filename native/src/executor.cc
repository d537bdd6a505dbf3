// See executor.h. Two lifetimes matter here:
// - Environment teardown (a worker_thread ends, Electron frees its environment): a cleanup hook
//   marks the environment's sink closed under its mutex; a call that finishes afterwards is dropped
//   (its worker leaked: its references belong to the dead environment) instead of calling in.
// - process.exit(): Node calls exit() without running cleanup hooks and without waiting for these
//   threads, which may be blocked in a device call. The pool is never destroyed (no static
//   destructor pulls its mutex away) and an atexit handler stops threads from calling into Node.
#include "executor.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#ifdef __linux__
#include <pthread.h>
#endif

#include "addon_data.h"

namespace cw {

// Far above any cart (a call holds a thread per device), low enough to bound a runaway caller.
constexpr size_t kMaxThreads = 512;
// A batch's next step usually follows within a second; a thread outliving that is reused.
constexpr auto kIdle = std::chrono::seconds(10);

// One environment's way back to its JavaScript thread.
struct ExecutorSink {
  napi_env env = nullptr;
  napi_threadsafe_function tsfn = nullptr;

  std::mutex mu;  // guards the three below
  std::vector<Napi::AsyncWorker*> done;
  bool wakePending = false;  // a wake-up is queued on the tsfn and has not yet taken `done`
  bool closed = false;

  // JavaScript thread only.
  size_t inFlight = 0;
  bool refd = false;

  bool Closed() {
    std::lock_guard<std::mutex> lock(mu);
    return closed;
  }
};

namespace {

std::atomic<bool> g_exiting{false};

struct Task {
  std::shared_ptr<ExecutorSink> sink;
  Napi::AsyncWorker* worker;
};

struct Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Task> queue;
  size_t threads = 0;
  size_t idle = 0;
};

// Process-wide (the cap is per process) and deliberately leaked: see the top of the file.
Pool& ThePool() {
  static Pool* pool = new Pool();
  return *pool;
}

void Deliver(Task& task) {
  ExecutorSink& s = *task.sink;
  std::lock_guard<std::mutex> lock(s.mu);
  if (s.closed || g_exiting.load()) return;
  s.done.push_back(task.worker);
  if (s.wakePending) return;
  s.wakePending = true;
  // Under `mu`, so the cleanup hook (which takes it) cannot run between the check and the call.
  if (napi_call_threadsafe_function(s.tsfn, nullptr, napi_tsfn_nonblocking) != napi_ok) s.closed = true;
}

void ThreadMain() {
#ifdef __linux__
  pthread_setname_np(pthread_self(), "cw-device");
#endif
  Pool& pool = ThePool();
  std::unique_lock<std::mutex> lock(pool.mu);
  for (;;) {
    if (pool.queue.empty()) {
      pool.idle++;
      bool woke = pool.cv.wait_for(lock, kIdle, [&] { return !pool.queue.empty(); });
      pool.idle--;
      if (!woke) {
        pool.threads--;
        return;
      }
    }
    Task task = std::move(pool.queue.front());
    pool.queue.pop_front();
    lock.unlock();
    // A call queued before its environment closed is not started at all.
    if (!g_exiting.load() && !task.sink->Closed()) {
      task.worker->OnExecute(Napi::Env(task.sink->env));  // AsyncWorker does not use the env here
      Deliver(task);
    }
    task.sink.reset();
    lock.lock();
  }
}

// The tsfn's call_js: settles every call that finished since the last wake-up.
void DrainCompletions(napi_env env, napi_value, void* context, void*) {
  if (env == nullptr) return;  // the tsfn is being torn down
  ExecutorSink& s = **static_cast<std::shared_ptr<ExecutorSink>*>(context);
  std::vector<Napi::AsyncWorker*> batch;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    batch.swap(s.done);
    s.wakePending = false;
  }
  Napi::Env e(env);
  for (Napi::AsyncWorker* worker : batch) {
    worker->OnWorkComplete(e, napi_ok);  // OnOK/OnError in a HandleScope, then deletes the worker
    // As from libuv's after-work callback: a throw is the process's uncaught exception, and the
    // rest of the batch still settles.
    if (e.IsExceptionPending()) {
      napi_value error;
      if (napi_get_and_clear_last_exception(env, &error) == napi_ok) napi_fatal_exception(env, error);
    }
  }
  s.inFlight -= batch.size();
  if (s.inFlight == 0 && s.refd) {
    napi_unref_threadsafe_function(env, s.tsfn);
    s.refd = false;
  }
}

void FreeSinkRef(napi_env, void* data, void*) { delete static_cast<std::shared_ptr<ExecutorSink>*>(data); }

void CloseSink(void* arg) {
  auto* ref = static_cast<std::shared_ptr<ExecutorSink>*>(arg);
  {
    std::lock_guard<std::mutex> lock((*ref)->mu);
    (*ref)->closed = true;
    (*ref)->done.clear();  // finished but never settled: dropped with the environment
  }
  delete ref;
}

void MarkExiting() { g_exiting.store(true); }

}  // namespace

void InitExecutor(Napi::Env env) {
  static std::once_flag atexitOnce;
  std::call_once(atexitOnce, [] { std::atexit(MarkExiting); });

  auto sink = std::make_shared<ExecutorSink>();
  sink->env = env;
  auto* tsfnRef = new std::shared_ptr<ExecutorSink>(sink);
  napi_value name = Napi::String::New(env, "cartwright-device-call");
  napi_status st = napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, tsfnRef, FreeSinkRef, tsfnRef, DrainCompletions, &sink->tsfn);
  if (st != napi_ok) {
    delete tsfnRef;
    return;  // SubmitToExecutor finds no sink and calls fall back to libuv's pool
  }
  // An idle addon must not keep the process alive; SubmitToExecutor refs it per batch of calls.
  napi_unref_threadsafe_function(env, sink->tsfn);
  // Registered after the tsfn, so it runs before Node's own teardown of the tsfn (hooks run LIFO).
  napi_add_env_cleanup_hook(env, CloseSink, new std::shared_ptr<ExecutorSink>(sink));
  GetAddonData(env)->executor = std::move(sink);
}

bool SubmitToExecutor(Napi::Env env, Napi::AsyncWorker* worker) {
  AddonData* data = GetAddonData(env);
  std::shared_ptr<ExecutorSink> sink = data ? data->executor : nullptr;
  if (!sink) return false;
  Pool& pool = ThePool();
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    pool.queue.push_back({sink, worker});
    // Idle threads already notified still count as idle until they wake, hence "<" on the queue.
    if (pool.idle < pool.queue.size() && pool.threads < kMaxThreads) {
      try {
        std::thread(ThreadMain).detach();
        pool.threads++;
      } catch (const std::system_error&) {
        if (pool.threads == 0) {
          pool.queue.pop_back();
          return false;
        }
      }
    } else {
      pool.cv.notify_one();
    }
  }
  sink->inFlight++;
  if (!sink->refd) {
    // Ref'd while calls are in flight: a CLI awaiting a device call must not exit under it.
    napi_ref_threadsafe_function(env, sink->tsfn);
    sink->refd = true;
  }
  return true;
}

}  // namespace cw
