/**
 * The Setup Assistant panes a blueprint can skip, in plain words and grouped as Apple
 * Configurator's Prepare lists them. Keys are Apple's SkipKeys (Device Management, "SkipKeys");
 * the station's list is electron/staging/steps/skip-setup.ts, and a unit test keeps the two equal.
 */

export interface SetupPane {
  key: string;
  label: string;
}

export interface SetupPaneGroup {
  title: string;
  panes: SetupPane[];
}

export const SETUP_PANE_GROUPS: SetupPaneGroup[] = [
  {
    title: 'Getting started',
    panes: [
      { key: 'Welcome', label: 'Welcome (“Get Started”)' },
      { key: 'Language', label: 'Language' },
      { key: 'Region', label: 'Region' },
      { key: 'LanguageAndLocale', label: 'Language and region (combined pane)' },
      { key: 'ExpressLanguage', label: 'Express language setup' },
      { key: 'PreferredLanguage', label: 'Preferred language order' },
      { key: 'SpokenLanguage', label: 'Spoken language (dictation)' },
      { key: 'Keyboard', label: 'Keyboards' },
      { key: 'TermsOfAddress', label: 'How to address you (terms of address)' },
      { key: 'IntendedUser', label: 'Who will use this device (for a child or yourself)' },
    ],
  },
  {
    title: 'Network and transfer',
    panes: [
      { key: 'WiFi', label: 'Wi-Fi' },
      { key: 'SIMSetup', label: 'Cellular and eSIM setup' },
      { key: 'TapToSetup', label: 'Quick Start (set up from another device)' },
      { key: 'Restore', label: 'Apps & Data (restore from a backup)' },
      { key: 'DeviceToDeviceMigration', label: 'Transfer directly from another device' },
      { key: 'Android', label: 'Move data from Android' },
      { key: 'WatchMigration', label: 'Apple Watch migration' },
      { key: 'RestoreCompleted', label: 'Restore completed' },
      { key: 'UpdateCompleted', label: 'Software update completed' },
    ],
  },
  {
    title: 'Security and privacy',
    panes: [
      { key: 'Passcode', label: 'Create a passcode' },
      { key: 'Biometric', label: 'Face ID or Touch ID' },
      { key: 'TouchID', label: 'Touch ID (older devices)' },
      { key: 'DeviceProtection', label: 'Stolen Device Protection' },
      { key: 'LockdownMode', label: 'Lockdown Mode' },
      { key: 'EnableLockdownMode', label: 'Turn on Lockdown Mode' },
      { key: 'Privacy', label: 'Data & Privacy' },
      { key: 'AdditionalPrivacySettings', label: 'Additional privacy settings' },
      { key: 'Location', label: 'Location Services' },
      { key: 'Safety', label: 'Safety Check' },
      { key: 'SafetyAndHandling', label: 'Safety and handling information' },
      { key: 'AgeBasedSafetySettings', label: 'Age-based safety settings' },
      { key: 'AgeAssurance', label: 'Age assurance' },
      { key: 'WebContentFiltering', label: 'Web content filtering' },
      { key: 'Key', label: 'Security key' },
    ],
  },
  {
    title: 'Apple Account and iCloud',
    panes: [
      { key: 'AppleID', label: 'Apple Account sign-in' },
      { key: 'TOS', label: 'Terms and conditions' },
      { key: 'CloudStorage', label: 'iCloud storage' },
      { key: 'iCloudStorage', label: 'iCloud Desktop and Documents' },
      { key: 'iCloudDiagnostics', label: 'iCloud analytics' },
      { key: 'Payment', label: 'Apple Pay' },
      { key: 'iMessageAndFaceTime', label: 'iMessage and FaceTime' },
      { key: 'MessagingActivationUsingPhoneNumber', label: 'iMessage activation with the phone number' },
      { key: 'Registration', label: 'Registration' },
      { key: 'UnlockWithWatch', label: 'Unlock with Apple Watch' },
    ],
  },
  {
    title: 'Features and apps',
    panes: [
      { key: 'Siri', label: 'Siri' },
      { key: 'Intelligence', label: 'Apple Intelligence' },
      { key: 'ScreenTime', label: 'Screen Time' },
      { key: 'Diagnostics', label: 'App analytics (share with developers)' },
      { key: 'SoftwareUpdate', label: 'Keep your device up to date' },
      { key: 'AppStore', label: 'App Store' },
      { key: 'OnBoarding', label: 'Feature tour (onboarding)' },
      { key: 'OSShowcase', label: 'What’s new in this iOS version' },
      { key: 'Tips', label: 'Tips' },
      { key: 'Multitasking', label: 'Multitasking (iPad)' },
      { key: 'ActionButton', label: 'Action button' },
      { key: 'CameraButton', label: 'Camera Control' },
    ],
  },
  {
    title: 'Display and accessibility',
    panes: [
      { key: 'Appearance', label: 'Light or dark appearance' },
      { key: 'AccessibilityAppearance', label: 'Text size and accessibility appearance' },
      { key: 'Accessibility', label: 'Accessibility' },
      { key: 'Zoom', label: 'Display Zoom' },
      { key: 'Display', label: 'Display' },
      { key: 'DisplayTone', label: 'True Tone display' },
      { key: 'TrueToneDisplay', label: 'True Tone display (newer pane)' },
      { key: 'Tone', label: 'Tone' },
      { key: 'HomeButtonSensitivity', label: 'Home button click' },
      { key: 'ScreenSaver', label: 'Screen saver' },
      { key: 'Wallpaper', label: 'Wallpaper' },
      { key: 'Avatar', label: 'Avatar' },
    ],
  },
];

export const ALL_SETUP_PANE_KEYS: string[] = SETUP_PANE_GROUPS.flatMap((g) => g.panes.map((p) => p.key));
