#pragma once
#include <napi.h>

namespace cw {
// JS: subscribeEvents(callback) / unsubscribeEvents(): Promise<void>
Napi::Value SubscribeEvents(const Napi::CallbackInfo& info);
Napi::Value UnsubscribeEvents(const Napi::CallbackInfo& info);
void InitEvents(Napi::Env env);
}  // namespace cw
