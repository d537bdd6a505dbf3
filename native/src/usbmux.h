#pragma once
#include <napi.h>

namespace cw {
// JS: listDevices, readBuid, readPairRecord, savePairRecord, deletePairRecord (all Promises);
// setUseInotify, setDebugLevel (sync, no I/O).
void InitUsbmux(Napi::Env env, Napi::Object exports);
}  // namespace cw
