import type { Business, Locale } from '../../../demo/inkbox/content/scripts';

/** Slot values per locale, so a Spanish conversation books "el sábado a las 16:30". */
export interface LocaleWords {
  names: readonly string[];
  surnames: readonly string[];
  days: readonly string[];
  times: readonly string[];
  items: readonly string[];
}

export const words: Record<Locale, LocaleWords> = {
  en: {
    names: [
      'Sarah', 'Mike', 'Jessica', 'David', 'Priya', 'Carlos', 'Emily', 'James', 'Olivia', 'Noah',
      'Aisha', 'Tom', 'Hannah', 'Marcus', 'Grace', 'Ethan', 'Mei', 'Daniel', 'Chloe', 'Ravi',
      'Zoë', 'Liam', 'Fatima', 'Owen',
    ],
    surnames: ['Mitchell', 'Nguyen', 'Patel', 'Johnson', 'Okafor', 'Brooks', "O'Neill", 'Kim'],
    days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'tomorrow'],
    times: ['9am', '9:30', '10:15', '11am', '12:30', '1pm', '2:45', '3:30', '4pm', '5:15'],
    items: ['A chocolate cake', 'Two dozen cupcakes', 'A lemon tart', 'Vanilla with strawberries', 'Carrot cake', 'Red velvet'],
  },
  es: {
    names: ['Lucía', 'José', 'María', 'Andrés', 'Sofía', 'Javier', 'Carmen', 'Diego', 'Valentina', 'Begoña'],
    surnames: ['Gómez', 'Hernández', 'Núñez', 'Peña', 'Ramírez', 'Muñoz'],
    days: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
    times: ['10:00', '11:30', '15:00', '16:30', '18:00'],
    items: ['un pastel de tres leches', 'una docena de conchas', 'pan dulce para veinte personas', 'una tarta de piña'],
  },
  de: {
    names: ['Jürgen', 'Katrin', 'Lukas', 'Anna', 'Stefan', 'Sabine', 'Jörg'],
    surnames: ['Müller', 'Schäfer', 'Weiß', 'Groß', 'Köhler', 'Schröder'],
    days: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
    times: ['9:30', '11:00', '14:00', '16:15', '17:45'],
    items: ['Schwarzwälder Kirschtorte', 'Laugenbrezeln', 'Apfelstrudel', 'frische Brötchen'],
  },
  zh: {
    names: ['王先生', '李女士', '小陈', '张阿姨', '刘先生', '赵小姐'],
    surnames: ['王', '李', '陈', '张'],
    days: ['明天', '星期三', '周六', '下周一'],
    times: ['上午十点', '下午两点半', '下午四点', '晚上六点'],
    items: ['生日蛋糕', '两打纸杯蛋糕', '抹茶蛋糕', '蛋挞'],
  },
  ja: {
    names: ['田中さん', '佐藤さん', '鈴木さん', '高橋さん', '渡辺さん'],
    surnames: ['田中', '佐藤', '鈴木', '高橋'],
    days: ['明日', '水曜日', '土曜日', '来週の月曜日'],
    times: ['10時', '14時半', '16時', '18時'],
    items: ['ケーキ', 'クロワッサン', 'ショートケーキ', 'シュークリーム'],
  },
};

export interface BusinessWords {
  staff: readonly string[];
  address: string;
  /** Typical ticket size in dollars, for {amount}. */
  amount: readonly [number, number];
}

export const businessWords: Record<Business, BusinessWords> = {
  bakery: { staff: ['Ana', 'Marco', 'Beth'], address: '1420 Alder St, open 7am–6pm', amount: [14, 240] },
  salon: { staff: ['Jess', 'Tyler', 'Bianca', 'Renée'], address: '88 Harbor Way, Suite 2', amount: [45, 260] },
  repair: { staff: ['Dave', 'Luis', 'Kim'], address: '5 Industrial Pkwy, Unit B', amount: [95, 1850] },
};
