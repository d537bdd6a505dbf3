# Built by scripts/build-native.mjs (npm ci / npm run build:native). The system libraries come
# from pkg-config so the same file builds on Debian, Fedora and Homebrew.
{
  "targets": [
    {
      "target_name": "cartwright_native",
      "sources": [
        "src/addon.cc",
        "src/errors.cc",
        "src/executor.cc",
        "src/plist_js.cc",
        "src/prompt_tls.cc",
        "src/events.cc",
        "src/usbmux.cc",
        "src/lockdown.cc",
        "src/lockdown_ops.cc",
        "src/lockdown_handshake.cc",
        "src/lockdown_services.cc",
        "src/device_cache.cc",
        "src/service.cc",
        "src/service_listen.cc",
        "src/diagnostics.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(pkg-config --cflags-only-I libimobiledevice-1.0 libusbmuxd-2.0 libplist-2.0 | sed 's/-I//g')"
      ],
      "libraries": [
        "<!@(pkg-config --libs libimobiledevice-1.0 libusbmuxd-2.0 libplist-2.0)"
      ],
      "defines": [
        "NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED",
        # idevice_private's leading members are known for these releases (src/lockdown_handshake.h).
        "<!(pkg-config --modversion libimobiledevice-1.0 | grep -qE '^1\\.(3|4)\\.' && echo CW_IDEVICE_LAYOUT_KNOWN || echo CW_IDEVICE_LAYOUT_UNKNOWN)"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "11.0"
      },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
    }
  ]
}
