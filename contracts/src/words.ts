/**
 * The detector's class names in the languages people read them in: the console's screens and
 * the labels an agent burns into evidence snapshots use this one table, so a car is "ô tô" on
 * both. A class missing here is shown as the detector names it.
 */
export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

export const CLASS_WORDS: Record<Language, Readonly<Record<string, string>>> = {
  vi: {
    car: 'ô tô', motorcycle: 'xe máy', bicycle: 'xe đạp', truck: 'xe tải', bus: 'xe buýt', person: 'người', chair: 'ghế', bench: 'ghế dài',
    umbrella: 'ô dù', 'dining table': 'bàn', 'potted plant': 'chậu cây', bottle: 'chai', cup: 'cốc', backpack: 'ba lô', handbag: 'túi xách', suitcase: 'va li', object: 'vật thể',
  },
  en: {
    car: 'car', motorcycle: 'motorbike', bicycle: 'bicycle', truck: 'truck', bus: 'bus', person: 'person', chair: 'chair', bench: 'bench',
    umbrella: 'umbrella', 'dining table': 'table', 'potted plant': 'potted plant', bottle: 'bottle', cup: 'cup', backpack: 'backpack', handbag: 'handbag', suitcase: 'suitcase', object: 'object',
  },
};

export function classWord(language: Language, className: string): string {
  return CLASS_WORDS[language][className] ?? className;
}

/** The word before a zone's name in a snapshot caption. */
export const ZONE_WORD: Record<Language, string> = { vi: 'Vùng', en: 'Zone' };
