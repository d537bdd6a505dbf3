// TLS on a service connection without libimobiledevice's 100 ms poll.
//
// libusbmuxd 2.0 hands out non-blocking sockets (common/socket.c socket_connect_unix and
// socket_connect set O_NONBLOCK and never clear it), and libimobiledevice 1.3.0 and 1.4.0 drive
// the OpenSSL handshake in a loop that sleeps 100 ms whenever SSL_do_handshake wants to read
// (src/idevice.c idevice_connection_enable_ssl: `nanosleep` of 100000000 ns on
// SSL_ERROR_WANT_READ). On a non-blocking socket the device's answer is never there yet, so every
// handshake paid one or two sleeps. With the socket blocking (and a receive timeout, so a silent
// device cannot hold a thread forever) the same loop finishes as soon as the bytes arrive;
// the socket goes back to non-blocking afterwards, as the library's own reads expect.
#pragma once
#include <libimobiledevice/libimobiledevice.h>
#include <libimobiledevice/property_list_service.h>

namespace cw {

// While alive, the connection's socket is blocking, with a receive timeout; restored after.
class BlockingSocketScope {
 public:
  explicit BlockingSocketScope(idevice_connection_t connection);
  ~BlockingSocketScope();
  BlockingSocketScope(const BlockingSocketScope&) = delete;
  BlockingSocketScope& operator=(const BlockingSocketScope&) = delete;

 private:
  int fd_ = -1;
  int flags_ = -1;
  bool hadTimeout_ = false;
  long timeoutSec_ = 0;
  long timeoutUsec_ = 0;
};

template <typename F>
auto WithBlockingSocket(idevice_connection_t connection, F&& f) -> decltype(f()) {
  BlockingSocketScope scope(connection);
  return f();
}

// idevice_connection_enable_ssl with the socket blocking for the handshake.
idevice_error_t EnableSslPromptly(idevice_connection_t connection);

// The connection under a property-list service client. There is no public getter in
// libimobiledevice 1.3.0: property_list_service_client_private's first member is its
// service_client_t, whose first member is the idevice_connection_t (src/property_list_service.h,
// src/service.h; the same in 1.4.0). diagnostics_relay_client_private and
// lockdownd_client_private also begin with their property_list_service_client_t.
idevice_connection_t ConnectionOf(property_list_service_client_t client);

}  // namespace cw
