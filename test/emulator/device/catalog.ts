/** Real model facts the population draws from, so the station sees plausible identities. */
export interface DeviceModel {
  productType: string;
  marketingName: string;
  hardwareModel: string;
  deviceClass: 'iPhone' | 'iPad';
  /** Chip ID for new-style UDIDs (`0000CPID-…`); null = pre-A12, 40-hex UDID. */
  cpid: number | null;
  cellular: boolean;
  /** Highest major iOS the model runs. */
  maxMajor: number;
  minMajor: number;
  /** USB-C with USB 3 support (reports SuperSpeed on a USB 3 hub port). */
  usb3: boolean;
  /** Order-number style model, e.g. MR7F2. */
  modelPrefix: string;
  designCapacityMah: number;
  /**
   * IORegistry entry that carries the battery. iPhone 7 and older publish it as
   * `AppleARMPMUCharger` (the `AppleSmartBattery` entry name answers an empty dict there); iPhone 8
   * and newer as `AppleSmartBattery`. Both are IOPMPowerSource subclasses, so a class query finds
   * either (libimobiledevice issues #570, #689, #1095; pymobiledevice3 services/diagnostics.py
   * get_battery). Absent = `AppleSmartBattery`.
   */
  batteryEntry?: 'AppleSmartBattery' | 'AppleARMPMUCharger';
}

export const MODELS: readonly DeviceModel[] = [
  { productType: 'iPad7,11', marketingName: 'iPad (7th generation)', hardwareModel: 'J171AP', deviceClass: 'iPad', cpid: null, cellular: false, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MW74', designCapacityMah: 8827 },
  { productType: 'iPad7,12', marketingName: 'iPad (7th generation)', hardwareModel: 'J172AP', deviceClass: 'iPad', cpid: null, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MW6A', designCapacityMah: 8827 },
  { productType: 'iPad11,6', marketingName: 'iPad (8th generation)', hardwareModel: 'J171aAP', deviceClass: 'iPad', cpid: 0x8020, cellular: false, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MYL9', designCapacityMah: 8557 },
  { productType: 'iPad11,7', marketingName: 'iPad (8th generation)', hardwareModel: 'J172aAP', deviceClass: 'iPad', cpid: 0x8020, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MYMH', designCapacityMah: 8557 },
  { productType: 'iPad12,1', marketingName: 'iPad (9th generation)', hardwareModel: 'J181AP', deviceClass: 'iPad', cpid: 0x8030, cellular: false, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MK2K', designCapacityMah: 8557 },
  { productType: 'iPad12,2', marketingName: 'iPad (9th generation)', hardwareModel: 'J182AP', deviceClass: 'iPad', cpid: 0x8030, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MK493', designCapacityMah: 8557 },
  { productType: 'iPad13,18', marketingName: 'iPad (10th generation)', hardwareModel: 'J271AP', deviceClass: 'iPad', cpid: 0x8101, cellular: false, minMajor: 16, maxMajor: 18, usb3: false, modelPrefix: 'MPQ0', designCapacityMah: 7606 },
  { productType: 'iPad13,19', marketingName: 'iPad (10th generation)', hardwareModel: 'J272AP', deviceClass: 'iPad', cpid: 0x8101, cellular: true, minMajor: 16, maxMajor: 18, usb3: false, modelPrefix: 'MQ6K', designCapacityMah: 7606 },
  { productType: 'iPad13,16', marketingName: 'iPad Air (5th generation)', hardwareModel: 'J407AP', deviceClass: 'iPad', cpid: 0x8103, cellular: false, minMajor: 15, maxMajor: 18, usb3: true, modelPrefix: 'MM9C', designCapacityMah: 7606 },
  { productType: 'iPad14,1', marketingName: 'iPad mini (6th generation)', hardwareModel: 'J310AP', deviceClass: 'iPad', cpid: 0x8110, cellular: false, minMajor: 15, maxMajor: 18, usb3: true, modelPrefix: 'MK7M', designCapacityMah: 5124 },
  { productType: 'iPhone10,4', marketingName: 'iPhone 8', hardwareModel: 'D201AP', deviceClass: 'iPhone', cpid: null, cellular: true, minMajor: 15, maxMajor: 16, usb3: false, modelPrefix: 'MQ6K', designCapacityMah: 1821 },
  { productType: 'iPhone11,8', marketingName: 'iPhone XR', hardwareModel: 'N841AP', deviceClass: 'iPhone', cpid: 0x8020, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MRY4', designCapacityMah: 2942 },
  { productType: 'iPhone12,1', marketingName: 'iPhone 11', hardwareModel: 'N104AP', deviceClass: 'iPhone', cpid: 0x8030, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MWLT', designCapacityMah: 3110 },
  { productType: 'iPhone12,8', marketingName: 'iPhone SE (2nd generation)', hardwareModel: 'D79AP', deviceClass: 'iPhone', cpid: 0x8030, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MX9R', designCapacityMah: 1821 },
  { productType: 'iPhone13,2', marketingName: 'iPhone 12', hardwareModel: 'D53gAP', deviceClass: 'iPhone', cpid: 0x8101, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MGJ5', designCapacityMah: 2815 },
  { productType: 'iPhone14,5', marketingName: 'iPhone 13', hardwareModel: 'D17AP', deviceClass: 'iPhone', cpid: 0x8110, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MLPF', designCapacityMah: 3227 },
  { productType: 'iPhone14,6', marketingName: 'iPhone SE (3rd generation)', hardwareModel: 'D49AP', deviceClass: 'iPhone', cpid: 0x8110, cellular: true, minMajor: 15, maxMajor: 18, usb3: false, modelPrefix: 'MMXF', designCapacityMah: 2018 },
  { productType: 'iPhone15,2', marketingName: 'iPhone 14 Pro', hardwareModel: 'D73AP', deviceClass: 'iPhone', cpid: 0x8120, cellular: true, minMajor: 16, maxMajor: 18, usb3: false, modelPrefix: 'MQ0D', designCapacityMah: 3200 },
  { productType: 'iPhone16,1', marketingName: 'iPhone 15 Pro', hardwareModel: 'D83AP', deviceClass: 'iPhone', cpid: 0x8130, cellular: true, minMajor: 17, maxMajor: 18, usb3: true, modelPrefix: 'MTUV', designCapacityMah: 3274 },
];

/**
 * Older iPhones (last iOS 15) that only join a cart through addDevice({productType}), so seeded
 * populations stay what they were.
 */
export const OLDER_MODELS: readonly DeviceModel[] = [
  { productType: 'iPhone8,1', marketingName: 'iPhone 6s', hardwareModel: 'N71AP', deviceClass: 'iPhone', cpid: null, cellular: true, minMajor: 15, maxMajor: 15, usb3: false, modelPrefix: 'MKQJ', designCapacityMah: 1715, batteryEntry: 'AppleARMPMUCharger' },
  { productType: 'iPhone9,1', marketingName: 'iPhone 7', hardwareModel: 'D10AP', deviceClass: 'iPhone', cpid: null, cellular: true, minMajor: 15, maxMajor: 15, usb3: false, modelPrefix: 'MN8G', designCapacityMah: 1960, batteryEntry: 'AppleARMPMUCharger' },
  { productType: 'iPhone9,3', marketingName: 'iPhone 7', hardwareModel: 'D101AP', deviceClass: 'iPhone', cpid: null, cellular: true, minMajor: 15, maxMajor: 15, usb3: false, modelPrefix: 'MN9G', designCapacityMah: 1960, batteryEntry: 'AppleARMPMUCharger' },
];

/**
 * The optional legacy device: iOS < 10 makes libimobiledevice cap TLS at 1.0
 * (docs/device-protocols.md §3.7).
 */
export const LEGACY_MODEL: DeviceModel = {
  productType: 'iPad2,5',
  marketingName: 'iPad mini',
  hardwareModel: 'P105AP',
  deviceClass: 'iPad',
  cpid: null,
  cellular: false,
  minMajor: 9,
  maxMajor: 9,
  usb3: false,
  modelPrefix: 'MD528',
  designCapacityMah: 4440,
  batteryEntry: 'AppleARMPMUCharger',
};

/** Any model the cart can hold, by ProductType (population, older and legacy models). */
export function findModel(productType: string): DeviceModel | undefined {
  return [...MODELS, ...OLDER_MODELS, LEGACY_MODEL].find((m) => m.productType === productType);
}

/** Real ProductVersion / BuildVersion pairs. */
export const IOS_RELEASES: readonly { version: string; build: string }[] = [
  { version: '9.3.5', build: '13G36' },
  { version: '15.7.9', build: '19H365' },
  { version: '15.8.3', build: '19H386' },
  { version: '16.6.1', build: '20G81' },
  { version: '16.7.10', build: '20H350' },
  { version: '17.5.1', build: '21F90' },
  { version: '17.6.1', build: '21G93' },
  { version: '17.7.2', build: '21H221' },
  { version: '18.1.1', build: '22B91' },
  { version: '18.3.2', build: '22D82' },
  { version: '18.5', build: '22F76' },
  { version: '18.6.2', build: '22G100' },
];

export function majorOf(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '0', 10);
}

export const PRODUCT_ID = { iPhone: 0x12a8, iPad: 0x12ab } as const;

/** Apple Wi-Fi OUIs seen on iPhones and iPads. */
export const APPLE_OUIS: readonly string[] = ['f0:99:b6', 'a4:83:e7', '3c:22:fb', 'bc:d0:74', '88:66:a5', 'dc:a9:04', '14:7d:da', '60:f8:1d'];
