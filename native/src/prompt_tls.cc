#include "prompt_tls.h"

#ifndef _WIN32
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/time.h>
#endif

namespace cw {
namespace {
// Longest a handshake read may block before OpenSSL sees WANT_READ (and the library polls).
constexpr int kHandshakeReadTimeoutSec = 5;
}  // namespace

idevice_connection_t ConnectionOf(property_list_service_client_t client) {
  if (!client) return nullptr;
  void* serviceClient = *reinterpret_cast<void**>(client);
  if (!serviceClient) return nullptr;
  return *reinterpret_cast<idevice_connection_t*>(serviceClient);
}

BlockingSocketScope::BlockingSocketScope(idevice_connection_t connection) {
#ifndef _WIN32
  if (!connection || idevice_connection_get_fd(connection, &fd_) != IDEVICE_E_SUCCESS || fd_ < 0) {
    fd_ = -1;
    return;
  }
  flags_ = fcntl(fd_, F_GETFL, 0);
  struct timeval before {};
  socklen_t len = sizeof(before);
  hadTimeout_ = getsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &before, &len) == 0;
  timeoutSec_ = before.tv_sec;
  timeoutUsec_ = before.tv_usec;
  struct timeval limit {};
  limit.tv_sec = kHandshakeReadTimeoutSec;
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  if (flags_ >= 0) fcntl(fd_, F_SETFL, flags_ & ~O_NONBLOCK);
#else
  (void)connection;
#endif
}

BlockingSocketScope::~BlockingSocketScope() {
#ifndef _WIN32
  if (fd_ < 0) return;
  if (flags_ >= 0) fcntl(fd_, F_SETFL, flags_);
  if (hadTimeout_) {
    struct timeval before {};
    before.tv_sec = timeoutSec_;
    before.tv_usec = timeoutUsec_;
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &before, sizeof(before));
  }
#endif
}

idevice_error_t EnableSslPromptly(idevice_connection_t connection) {
  return WithBlockingSocket(connection, [&] { return idevice_connection_enable_ssl(connection); });
}

}  // namespace cw
