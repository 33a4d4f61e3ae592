// The image field's strings (question pictures and quiz covers). `ru` must match `en`'s keys.
import { addStrings, translate } from "../../i18n.ts";

const en = {
  "img.question": "Picture (optional)",
  "img.cover": "Cover picture (optional)",
  "img.drop": "Drop a picture here, or",
  "img.choose": "Choose a picture…",
  "img.hint": "PNG, JPEG, WebP or GIF. Big photos are made smaller before they are sent.",
  "img.url": "…or the address of a picture on the web (https://)",
  "img.preview": "Preview: {alt}",
  "img.previewDecorative": "Preview of the decorative picture",
  "img.previewNoAlt": "Preview of the picture (no alt text yet)",
  "img.broken": "This picture could not be loaded: check the address, or upload the file instead.",
  "img.remove": "Remove the picture",
  "img.alt": "Alt text: what the picture shows, for people who cannot see it",
  "img.altHint": "Read aloud by screen readers and shown if the picture does not load. Up to 250 characters.",
  "img.decorative": "Decorative only: the picture adds nothing to describe",
  "img.resizing": "Making the picture smaller…",
  "img.uploading": "Uploading…",
  "img.done": "Uploaded: {w}×{h} pixels, {kb} KB",
  "img.notImage": "This file is not a picture we can use: choose a PNG, JPEG, WebP or GIF.",
  "img.tooBig": "This picture is still too big after shrinking it. Try a smaller one.",
  "img.quota":
    "Your picture storage is full. Remove pictures from quizzes you no longer need; unused ones are deleted within a day.",
  "img.failed": "The upload failed: {message}",
  "img.network": "No connection: the picture was not uploaded. Try again.",
} as const;

type Key = keyof typeof en;

const ru: Record<Key, string> = {
  "img.question": "Картинка (необязательно)",
  "img.cover": "Обложка (необязательно)",
  "img.drop": "Перетащите картинку сюда или",
  "img.choose": "Выберите картинку…",
  "img.hint": "PNG, JPEG, WebP или GIF. Большие фото уменьшаются перед отправкой.",
  "img.url": "…или адрес картинки в интернете (https://)",
  "img.preview": "Предпросмотр: {alt}",
  "img.previewDecorative": "Предпросмотр декоративной картинки",
  "img.previewNoAlt": "Предпросмотр картинки (описания пока нет)",
  "img.broken": "Картинку не удалось загрузить: проверьте адрес или загрузите файл.",
  "img.remove": "Убрать картинку",
  "img.alt": "Описание: что на картинке — для тех, кто её не видит",
  "img.altHint": "Его читают программы экранного доступа, и оно видно, если картинка не загрузилась. До 250 символов.",
  "img.decorative": "Только для украшения: описывать нечего",
  "img.resizing": "Уменьшаем картинку…",
  "img.uploading": "Загружаем…",
  "img.done": "Загружено: {w}×{h} пикселей, {kb} КБ",
  "img.notImage": "Этот файл не подходит: выберите PNG, JPEG, WebP или GIF.",
  "img.tooBig": "Картинка слишком велика даже после уменьшения. Попробуйте другую.",
  "img.quota":
    "Место для картинок закончилось. Уберите картинки из ненужных викторин; неиспользуемые удаляются в течение суток.",
  "img.failed": "Не удалось загрузить: {message}",
  "img.network": "Нет связи: картинка не загружена. Попробуйте ещё раз.",
};

addStrings({ en, ru });

export const mt = (key: Key, vars?: Record<string, string | number>) => translate(key, vars);
