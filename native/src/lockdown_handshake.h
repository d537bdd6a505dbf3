// The paired lockdown handshake without libimobiledevice's 100 ms TLS poll (prompt_tls.h).
//
// lockdownd_client_new_with_handshake (libimobiledevice 1.3.0 src/lockdown.c) is QueryType,
// GetValue ProductVersion (kept on the idevice_t), the pair record's HostID, ValidatePair for
// iOS < 7, and StartSession, whose TLS upgrade happens inside the library where the socket
// cannot be reached. This does the same steps with the public API, so the StartSession runs with
// the connection's socket blocking: the session's TLS completes when the device answers instead
// of after a 100 ms sleep (measured on the virtual cart: ~97 ms → a few ms per session).
//
// The one thing the public API cannot do is record ProductVersion on the idevice_t, which
// idevice_connection_enable_ssl reads to cap TLS at 1.0 for iOS < 10. It is written into
// idevice_private, whose first five members (udid, mux_id, conn_type, conn_data, version) are
// the same in 1.3.0 and 1.4.0 (src/idevice.h); the build defines CW_IDEVICE_LAYOUT_KNOWN only
// for those versions, and everything else, and iOS < 7 (which needs ValidatePair's pairing
// fallback), takes the library's own handshake.
#pragma once
#include <libimobiledevice/lockdown.h>
#include <plist/plist.h>

#include <string>

namespace cw {

// Whether StartSessionPromptly can work in this build: it reaches the connection inside the
// library's private structs, so only where their layout is known. Exported to JavaScript as
// canStartSessionOnPlainConnection, so the transport does not offer what would only fail.
#ifdef CW_IDEVICE_LAYOUT_KNOWN
inline constexpr bool kCanStartSessionOnPlainConnection = true;
#else
inline constexpr bool kCanStartSessionOnPlainConnection = false;
#endif

// `pairRecord` is the usbmuxd record already read for this device (XML or binary plist).
// Falls back to lockdownd_client_new_with_handshake when the fast path does not apply.
lockdownd_error_t HandshakePromptly(idevice_t device, const char* label, const std::string& pairRecord, lockdownd_client_t* out);

// StartSession (and its TLS) on an open plain client of `device`, the handshake's last step: after
// a Pair, the session starts on the connection that paired, as lockdownd_client_new_with_handshake
// does after its own lockdownd_pair (1.3.0 src/lockdown.c), instead of on a new connection. Reads
// ProductVersion first when the device has none yet (the TLS version depends on it); iOS < 7
// sends ValidatePair first, as the library does. UNKNOWN_ERROR where the layout is not known.
lockdownd_error_t StartSessionPromptly(idevice_t device, lockdownd_client_t client, const std::string& hostId);

// Keeps the ProductVersion a default-domain GetValue answered (`value` is the key's value, or the
// whole domain's dict) on the device, as the handshake would have: a handshake or StartSession on
// this device later needs no GetValue ProductVersion of its own.
void RememberProductVersion(idevice_t device, plist_t value, bool wholeDomain);

}  // namespace cw
