// The editor's question list, leave guard and local draft strings. `ru` must match `en`'s keys.
import { addStrings, translate } from "../../i18n.ts";

const en = {
  "el.list": "Questions",
  "el.show": "Show ({n})",
  "el.hide": "Hide",
  "el.keys": "Alt+↑ / Alt+↓ moves the selected question.",
  "el.noText": "(no text yet)",
  "el.problem": "needs attention",
  "el.drag": "Drag to move question {n}",
  "el.duplicate": "Duplicate question {n}",
  "el.delete": "Delete question {n}",
  "el.moved": "Question moved to place {n} of {total}.",
  "el.duplicated": "Question {n} copied: the copy is question {m}.",
  "el.deleted": "Question {n} deleted.",
  "el.undo": "Undo",
  "el.undone": "Question {n} is back.",
  "el.dismiss": "Close",
  "el.leaveTitle": "Leave without saving?",
  "el.leaveBody": "Your changes to this quiz are not saved yet. If you leave now, they are lost.",
  "el.stay": "Keep editing",
  "el.saveLeave": "Save and leave",
  "el.leave": "Leave without saving",
  "el.restored": "Restored your unsaved changes from {time}, kept in this browser. Save to keep them.",
  "el.discard": "Discard the restored draft",
} as const;

type Key = keyof typeof en;

const ru: Record<Key, string> = {
  "el.list": "Вопросы",
  "el.show": "Показать ({n})",
  "el.hide": "Скрыть",
  "el.keys": "Alt+↑ / Alt+↓ переставляет выбранный вопрос.",
  "el.noText": "(текста пока нет)",
  "el.problem": "требует внимания",
  "el.drag": "Перетащите, чтобы переставить вопрос {n}",
  "el.duplicate": "Копировать вопрос {n}",
  "el.delete": "Удалить вопрос {n}",
  "el.moved": "Вопрос перемещён на место {n} из {total}.",
  "el.duplicated": "Вопрос {n} скопирован: копия — вопрос {m}.",
  "el.deleted": "Вопрос {n} удалён.",
  "el.undo": "Вернуть",
  "el.undone": "Вопрос {n} возвращён.",
  "el.dismiss": "Закрыть",
  "el.leaveTitle": "Уйти без сохранения?",
  "el.leaveBody": "Изменения в этой викторине ещё не сохранены. Если уйти сейчас, они пропадут.",
  "el.stay": "Остаться",
  "el.saveLeave": "Сохранить и уйти",
  "el.leave": "Уйти без сохранения",
  "el.restored":
    "Восстановлены несохранённые изменения от {time} — они хранились в этом браузере. Сохраните их, чтобы не потерять.",
  "el.discard": "Отбросить восстановленный черновик",
};

addStrings({ en, ru });

export const et = (key: Key, vars?: Record<string, string | number>) => translate(key, vars);
