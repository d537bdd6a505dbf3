// Per-environment constructors, so handles can be created from worker completions and the addon
// stays correct if loaded in several Node environments (worker_threads).
#pragma once
#include <napi.h>

#include <memory>

namespace cw {
struct ExecutorSink;  // executor.cc
struct AddonData {
  Napi::FunctionReference lockdownClient;
  Napi::FunctionReference serviceClient;
  Napi::FunctionReference diagnosticsRelay;
  std::shared_ptr<ExecutorSink> executor;
};
inline AddonData* GetAddonData(Napi::Env env) { return env.GetInstanceData<AddonData>(); }
}  // namespace cw
