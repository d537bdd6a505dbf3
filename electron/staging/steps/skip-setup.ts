/**
 * Setup Assistant panes Configurator's "skip all" covers (docs/device-protocols.md §4.6); devices
 * ignore unknown keys.
 */
export const ALL_SKIP_SETUP_KEYS = [
  'Location', 'Restore', 'SIMSetup', 'Android', 'AppleID', 'IntendedUser', 'TOS', 'Siri', 'ScreenTime',
  'Diagnostics', 'SoftwareUpdate', 'Passcode', 'Biometric', 'Payment', 'Zoom', 'DisplayTone',
  'MessagingActivationUsingPhoneNumber', 'HomeButtonSensitivity', 'CloudStorage', 'ScreenSaver',
  'TapToSetup', 'Keyboard', 'PreferredLanguage', 'SpokenLanguage', 'WatchMigration', 'OnBoarding',
  'Privacy', 'iMessageAndFaceTime', 'AppStore', 'Safety', 'Multitasking', 'ActionButton',
  'TermsOfAddress', 'AccessibilityAppearance', 'Welcome', 'Appearance', 'RestoreCompleted',
  'UpdateCompleted', 'WiFi', 'Display', 'Tone', 'LanguageAndLocale', 'TouchID', 'TrueToneDisplay',
  'iCloudStorage', 'iCloudDiagnostics', 'Registration', 'DeviceToDeviceMigration', 'UnlockWithWatch',
  'Accessibility', 'ExpressLanguage', 'Language', 'Region', 'Avatar', 'DeviceProtection', 'Key',
  'LockdownMode', 'Wallpaper', 'Intelligence', 'WebContentFiltering', 'CameraButton',
  'AdditionalPrivacySettings', 'EnableLockdownMode', 'OSShowcase', 'SafetyAndHandling', 'Tips',
  'AgeBasedSafetySettings', 'AgeAssurance',
] as const;
