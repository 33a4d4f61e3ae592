// "Surprise me": a friendly nickname, in the player's language, that fits the 20-character limit.
import { getLang } from "../i18n.ts";

const WORDS = {
  en: [
    ["Brave", "Swift", "Clever", "Happy", "Sunny", "Lucky", "Mighty", "Calm", "Bold", "Witty", "Jolly", "Cosmic"],
    ["Otter", "Falcon", "Panda", "Fox", "Koala", "Tiger", "Owl", "Dolphin", "Lynx", "Badger", "Hedgehog", "Comet"],
  ],
  ru: [
    [
      "Смелый",
      "Быстрый",
      "Умный",
      "Весёлый",
      "Солнечный",
      "Ловкий",
      "Могучий",
      "Спокойный",
      "Храбрый",
      "Шустрый",
      "Добрый",
      "Звёздный",
    ],
    ["Ёж", "Сокол", "Пингвин", "Лис", "Медведь", "Тигр", "Филин", "Дельфин", "Волк", "Барсук", "Енот", "Кит"],
  ],
} as const;

const pick = <T>(a: readonly T[]) => a[Math.floor(Math.random() * a.length)];

export function friendlyName(): string {
  const [adj, noun] = WORDS[getLang()];
  return `${pick(adj)} ${pick(noun)} ${10 + Math.floor(Math.random() * 90)}`;
}
