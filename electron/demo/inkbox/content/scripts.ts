/**
 * Episodes of small-business texting, written as templates. A line starts with '<' (the
 * customer writes) or '>' (the business answers); a leading '?' makes the line optional. Slots
 * in braces are filled per conversation ({name}, {staff}) or per episode ({day}, {amount}…).
 * A media marker ([image], [jpeg], [png], [wav], [mp4], [vcard], [pdf]) attaches a file; a line
 * that is only a marker becomes a media-only MMS (text null).
 */

export type Business = 'bakery' | 'salon' | 'repair';
export type Locale = 'en' | 'es' | 'de' | 'zh' | 'ja';

export interface Script {
  /** Which business the episode belongs to; 'any' fits all three. */
  business: Business | 'any';
  /** How often it is chosen relative to the other scripts of the locale. */
  weight: number;
  lines: readonly string[];
}

export const businessNames: Record<Business, string> = {
  bakery: 'Petal & Crumb Bakery',
  salon: 'Northside Hair Studio',
  repair: 'Keystone Home Repair',
};

export const scripts: Record<Locale, readonly Script[]> = {
  en: [
    // Bakery: orders, pickups, deliveries, catering, payments.
    {
      business: 'bakery',
      weight: 3,
      lines: [
        '< Hi! Do you do custom cakes? I need one for {day}',
        '> Hi {name}! Yes we do 🎂 What size and flavor were you thinking?',
        '< {item}, enough for about {count} people',
        "> We can do that. It would be {amount}. Pickup or delivery?",
        '< Pickup please, around {time}',
        "> You're all set, order {order}. See you {day}!",
        '?< Thank you!!',
      ],
    },
    {
      business: 'bakery',
      weight: 4,
      lines: [
        "> Hi {name}, your order {order} is ready for pickup. We're open until 6 today.",
        '< On my way, {minutes} min',
        '?> See you soon!',
      ],
    },
    {
      business: 'bakery',
      weight: 2,
      lines: [
        '> Your delivery is out with our driver, ETA {time}.',
        '< Great, the gate code is {code4}',
        '> Delivered! Left it by the front door [image]',
        '?< Got it, thanks 🙏',
      ],
    },
    {
      business: 'bakery',
      weight: 1,
      lines: [
        '< Can you cater a team breakfast for {count} people {day}?',
        "> Absolutely. Here's the quote, {amount} including delivery and setup.",
        '> [pdf]',
        "< Looks good, let's do it",
        "> Booked ✅ We'll arrive at {time}.",
      ],
    },
    {
      business: 'bakery',
      weight: 2,
      lines: [
        '< Do you have gluten free options this week?',
        '> We have almond flour brownies every day and a GF loaf most days',
        '?< Can you hold two brownies for me?',
        '?> Done, under {name}.',
      ],
    },
    {
      business: 'bakery',
      weight: 1,
      lines: ['< [jpeg]', '< Can you make something like this for my daughter\'s party?', '> So cute! Yes — {amount} for that size. Which day?', '< {day}', '> Perfect, order {order} 🎉'],
    },
    // Salon: bookings, reminders, rescheduling, inspiration photos.
    {
      business: 'salon',
      weight: 3,
      lines: [
        '< Hi, can I book a cut and color with {staff}?',
        '> Hi {name}! {staff} has {day} at {time} or {time2}.',
        '< {time2} works',
        "> You're booked for {day} at {time2} ✂️",
      ],
    },
    {
      business: 'salon',
      weight: 4,
      lines: [
        '> Reminder: your appointment at Northside Hair Studio is {day} at {time}. Reply C to confirm or R to reschedule.',
        '< C',
        '?> Thanks, see you then!',
      ],
    },
    {
      business: 'salon',
      weight: 2,
      lines: [
        '< Something came up, can we move my {day} appointment?',
        '> No problem. How about {day2} at {time}?',
        '< Perfect',
        '> Updated. See you {day2}!',
      ],
    },
    {
      business: 'salon',
      weight: 2,
      lines: [
        '< This is the color I want [image]',
        '?< Something like this but a little lighter',
        "> Love it, that's very doable. Plan on about 2.5 hours.",
        '?< 😍',
      ],
    },
    {
      business: 'salon',
      weight: 1,
      lines: ['< [wav]', '< Sorry, sent a voice note by accident 😅', '> Haha no problem!'],
    },
    {
      business: 'salon',
      weight: 1,
      lines: ['> Here are the paint-inspired shades {staff} mentioned [png]', '< The green one!', '> Great choice 💚'],
    },
    // Repair: quotes with photos and video, estimates, visits, payments, referrals.
    {
      business: 'repair',
      weight: 3,
      lines: [
        '< Hi, my kitchen sink is leaking under the cabinet. Can someone take a look?',
        '< [jpeg]',
        '> Thanks for the photo {name}. Looks like the P-trap. We can come {day} between {time} and {time2}.',
        '< That works',
        '> Great, {staff} will text when on the way.',
      ],
    },
    {
      business: 'repair',
      weight: 2,
      lines: [
        '> Hi {name}, here is the estimate for the work we discussed: {amount}.',
        '> [pdf]',
        '< Can you do it for a bit less?',
        '?> We can take 10% off if we schedule it for {day}.',
        '< Deal',
      ],
    },
    {
      business: 'repair',
      weight: 3,
      lines: ['> {staff} here, on my way. ETA {minutes} minutes.', '< Ok, the side door is unlocked', '?> 👍'],
    },
    {
      business: 'repair',
      weight: 1,
      lines: [
        "< Here's the noise the water heater is making",
        '< [mp4]',
        '> Thanks, that sounds like sediment build-up. We can flush it for {amount}.',
        '< Yes please, {day} if possible',
      ],
    },
    {
      business: 'repair',
      weight: 3,
      lines: ['> Job complete ✅ Total {amount}. You can pay by card link or check.', '< Sent the payment', '> Got it, thanks {name}!'],
    },
    {
      business: 'repair',
      weight: 1,
      lines: ['< My neighbor needs a plumber too, sharing her contact', '< [vcard]', "> Thank you for the referral! We'll reach out today."],
    },
    {
      business: 'repair',
      weight: 1,
      lines: ['> Which tile did you pick for the bathroom floor? [png]', '< The dark blue one', '> Ordering it now, should arrive by {day}.'],
    },
    // Any business.
    {
      business: 'any',
      weight: 2,
      lines: ['< Are you open {day}?', '> Yes, 9 to 5!', '?< 👍'],
    },
    {
      business: 'any',
      weight: 2,
      lines: ['< Thanks again, great job!', '> Thank you {name}, we appreciate it 😊'],
    },
    {
      business: 'any',
      weight: 1,
      lines: ["< Hi, what's your address again?", '> {address}', '> Parking is around the back [png]', '< 👍'],
    },
    {
      business: 'any',
      weight: 2,
      lines: ['< Running about {minutes} min late, sorry!', '> No worries, drive safe'],
    },
    {
      business: 'any',
      weight: 1,
      lines: [
        '> Hi {name}, a friendly reminder that invoice {order} ({amount}) is due {day}.',
        '< Paid just now through the link',
        '> Received, thank you!',
      ],
    },
  ],
  es: [
    {
      business: 'any',
      weight: 3,
      lines: [
        '< Hola, ¿tienen cita para mañana por la tarde?',
        '> ¡Hola {name}! Sí, a las {time}. ¿Le sirve?',
        '< Perfecto, muchas gracias',
        '> Con gusto. ¡Hasta mañana!',
      ],
    },
    {
      business: 'bakery',
      weight: 3,
      lines: [
        '< Buenos días, quisiera pedir {item} para el {day}',
        '> Claro que sí. Son {amount}. ¿Lo recoge o se lo llevamos?',
        '< Lo recojo yo, gracias',
        '> Listo, su pedido es el {order}.',
      ],
    },
    {
      business: 'any',
      weight: 2,
      lines: ['> Hola señora {surname}, le recordamos su cita el {day} a las {time}.', '< Gracias, allí estaré'],
    },
    {
      business: 'any',
      weight: 1,
      lines: ['< ¿Aceptan tarjeta o solo efectivo?', '> Aceptamos las dos 😊'],
    },
    {
      business: 'any',
      weight: 2,
      lines: ['< Perdón, voy a llegar {minutes} minutos tarde', '> No se preocupe, lo esperamos.'],
    },
    {
      business: 'bakery',
      weight: 1,
      lines: ['< [image]', '< ¿Pueden hacer algo así? Es para el cumpleaños de mi mamá 🎉', '> ¡Qué bonito! Sí, podemos. Serían {amount}.'],
    },
    {
      business: 'bakery',
      weight: 1,
      lines: ['< ¿Todavía tienen pan dulce? Voy por un café con leche', '> ¡Sí! Le guardamos dos conchas.', '?< Mil gracias ☕'],
    },
    {
      business: 'repair',
      weight: 2,
      lines: [
        '< Buenas tardes, se rompió la llave del baño y sale mucha agua',
        '< [jpeg]',
        '> Cierre la llave de paso debajo del lavabo. {staff} puede ir hoy a las {time}.',
        '< Muchas gracias, aquí lo espero',
      ],
    },
  ],
  de: [
    {
      business: 'any',
      weight: 3,
      lines: [
        '< Guten Tag, ich hätte gern einen Termin am {day} um {time}.',
        '> Hallo {name}, {day} um {time} passt. Bis dann!',
        '< Vielen Dank! Viele Grüße, {name}',
      ],
    },
    {
      business: 'bakery',
      weight: 2,
      lines: ['> Hallo Herr {surname}, Ihre Bestellung {order} ist fertig.', '< Super, ich hole sie morgen früh ab.', '?> Alles klar, schönen Abend!'],
    },
    {
      business: 'any',
      weight: 1,
      lines: ['< Können Sie mir bitte die Rechnung schicken?', '> Natürlich, hier ist sie.', '> [pdf]', '< Danke, ist überwiesen. Grüße aus München'],
    },
    {
      business: 'any',
      weight: 2,
      lines: ['< Entschuldigung, ich verspäte mich um {minutes} Minuten.', '> Kein Problem!'],
    },
    {
      business: 'bakery',
      weight: 1,
      lines: ['< Haben Sie am {day} {item}?', '> Ja, ab 8 Uhr frisch. Sollen wir Ihnen etwas zurücklegen?', '< Ja bitte, für {name}. Grüße!'],
    },
  ],
  zh: [
    {
      business: 'any',
      weight: 3,
      lines: ['< 你好，请问{day}还有位置吗？', '> 您好！{day}{time}可以吗？', '< 可以，谢谢！', '> 好的，已经帮您预约了 😊'],
    },
    {
      business: 'bakery',
      weight: 2,
      lines: ['< 我的订单{order}什么时候送到？', '> 司机正在路上，大约{minutes}分钟到。', '< 好的，谢谢'],
    },
    {
      business: 'any',
      weight: 1,
      lines: ['< 可以用信用卡付款吗？', '> 可以的，刷卡和现金都行。'],
    },
    {
      business: 'bakery',
      weight: 1,
      lines: ['< 想订一个{item}，{day}取', '> 没问题，一共{amount}。', '< 好的 👍'],
    },
  ],
  ja: [
    {
      business: 'any',
      weight: 3,
      lines: ['< こんにちは。{day}の{time}に予約できますか？', '> こんにちは！はい、大丈夫です。お待ちしております。', '< ありがとうございます！'],
    },
    {
      business: 'bakery',
      weight: 2,
      lines: ['< 注文した{item}はいつ届きますか？', '> 本日{time}頃にお届け予定です。', '< 了解です 🙏'],
    },
    {
      business: 'any',
      weight: 2,
      lines: ['< すみません、{minutes}分ほど遅れます。', '> 承知しました。お気をつけて！'],
    },
  ],
};

/** Messages a customer sends that nobody has answered yet: the unread tail of a conversation. */
export const followUps: Record<Locale, readonly string[]> = {
  en: [
    'Hi, are you open this Sunday?',
    'Also, can I add a second item to my order?',
    'Hello?',
    'Just checking if you got my message',
    'Can you call me when you get a chance?',
    'Is {day} at {time} still available?',
    'Thanks! 🙏',
    'One more question — do you take Apple Pay?',
    'Sorry, one more thing',
    'Here is a picture [image]',
  ],
  es: ['¿Están abiertos el domingo?', 'Hola, ¿me puede llamar cuando pueda?', '¿Recibió mi mensaje?', 'Gracias 🙏', '¿Sigue en pie lo de mañana?'],
  de: ['Haben Sie am Samstag geöffnet?', 'Können Sie mich kurz zurückrufen?', 'Danke! Grüße', 'Ist der Termin am {day} noch frei?'],
  zh: ['请问周日营业吗？', '收到了吗？', '谢谢！', '可以改到{day}吗？'],
  ja: ['日曜日は営業していますか？', 'メッセージ届いていますか？', 'よろしくお願いします！'],
};

/** What each short code sends; none of them is ever answered. */
export const shortCodeAlerts: Record<string, readonly string[]> = {
  '76934': [
    'Your verification code is {code}. It expires in 10 minutes.',
    '{code} is your login code. Do not share it with anyone.',
    'Use {code} to verify your new device. If this was not you, ignore this message.',
  ],
  '22395': [
    'Card alert: a charge of {amount} was made at SUPPLY DEPOT #{code4}. Reply STOP to opt out.',
    'Your business checking balance is below $500.00. Log in to review recent activity.',
    'Deposit of {amount} received in account ending {code4}.',
  ],
  '32665': [
    'Shipment update: your package {tracking} is out for delivery today.',
    'Delivered: your package {tracking} was left at the front desk.',
    'Your order has shipped! Track it: https://track.example.com/{tracking}',
  ],
  '89203': [
    'Your payout of {amount} is on its way and should arrive in 1-2 business days.',
    'New review ⭐⭐⭐⭐⭐ "Great service, will come back!" Reply HELP for help.',
  ],
  '47328': [
    'You have 3 new booking requests. Open the app to accept them.',
    'Reminder: your business listing hours for {day} have not been confirmed.',
  ],
};
