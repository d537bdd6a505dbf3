// Plists cross the JS boundary as JS values, not as XML text: a reply becomes objects, arrays,
// strings, numbers, booleans, Dates and Buffers on the JS thread straight from libplist's tree,
// and a request is built into a plist_t from JS values before the worker is queued. The XML
// round-trip (plist_to_xml in the worker, an XML DOM parse on the main thread, and the reverse
// for requests) was the largest main-thread cost of a staging job (issue 14).
#pragma once
#include <napi.h>
#include <plist/plist.h>

#include <memory>

namespace cw {

// A plist tree owned by a shared pointer, so worker results and failures can carry one safely.
using SharedPlist = std::shared_ptr<void>;
inline SharedPlist SharePlist(plist_t p) { return p ? SharedPlist(p, [](void* x) { plist_free(static_cast<plist_t>(x)); }) : SharedPlist(); }

// dict → object, array → array, string, integer/real → number, bool, date → Date, data → Buffer,
// uid → { CF$UID: n } (as an XML plist spells it). Must run on the JS thread. NULL → undefined.
Napi::Value PlistToJs(Napi::Env env, plist_t node);

// The inverse, with the rules the station's XML builder had (the `plist` package's build):
// integers (Number.isInteger, bigint) → integer, other numbers → real, Buffer/typed array/
// ArrayBuffer → data, Date → date, plain objects → dict, arrays → array. undefined and null
// members are dropped. Throws a TypeError for a value a plist cannot hold (function, symbol,
// null or undefined at the root). The caller owns the result.
plist_t JsToPlist(Napi::Value value, const char* what);

}  // namespace cw
