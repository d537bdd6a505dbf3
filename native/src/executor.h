// The addon's own threads for blocking device calls, instead of libuv's shared pool.
// A device call holds its thread for the device's whole round trip, think time included, so a pool
// sized for fs/crypto (4 threads by default, and fixed once libuv first uses it: too late to raise
// from an ES module entry such as the Electron shell) serialised a cart's devices, and 64 threads
// still queued a cart of 100 at life speed (issue 14). Here a call gets an idle thread, or a new
// one up to kMaxThreads; idle threads exit after kIdle (10 s).
// Completions come back to the JavaScript thread through one ThreadSafeFunction per environment,
// many per wake-up, and that function keeps the event loop alive only while calls are in flight.
#pragma once
#include <napi.h>

namespace cw {

// Runs worker->OnExecute() on an executor thread, then worker->OnWorkComplete() on the JavaScript
// thread of `env` (which settles and deletes the worker). Call on the JavaScript thread.
// Returns false if no thread could be started at all; the caller then queues the worker on libuv.
bool SubmitToExecutor(Napi::Env env, Napi::AsyncWorker* worker);

// Sets up the environment's completion channel; once per environment, at addon load.
void InitExecutor(Napi::Env env);

}  // namespace cw
