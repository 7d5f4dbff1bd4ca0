import { type HubLanguage, hubLanguage } from '../text/hub-language.ts';

/** What the hub itself says to shoppers, in the languages the widget speaks. */
const TEXTS = {
  en: {
    greeting: 'Hi! How can we help you today?',
    handoff: "Thanks — I'll pass this to a colleague who can help.",
    botUnavailable: "Sorry, I can't answer that right now. I'm bringing in a colleague.",
    // The bot cannot read a photo: it says so before the shopper waits, as it does for a question.
    photoHandoff: "Thanks for the photo — I'm passing it to a member of our team.",
    queued: 'Waiting for an agent…',
    agentJoined: (name: string) => `${name} joined the conversation`,
    agentLeft: (name: string) => `${name} left the conversation`,
    transferred: (to: string) => `Transferred to ${to}`,
    // A group's name is the merchant's internal routing ("complaints", "chargeback-review"): never shown.
    transferredToTeam: 'Transferred to a colleague in another team',
    closed: 'The conversation was closed',
    ticket:
      "Our team can't chat right now, so we've opened a ticket for your question. We'll reply here — feel free to add details.",
    requeued: 'Finding another agent for you…',
    backToAgent: 'Your agent is back with you',
    stillQueued: 'You keep your place in the queue: an agent will be with you soon.',
    stillTicket: 'Your ticket stays open: our team will still reply here.',
    // The same knowledge-base answer asked for again: a person offered (its button is the FAQ bot's), then handed over.
    repeatOffer: 'Still not what you need? A member of our team can help.',
    person: { label: 'Talk to a person', payload: 'talk to a human' },
    repeatHandoff: "It looks like that answer didn't help, so I'll pass this to a member of our team.",
    // Too many conversations from the shopper's address already wait (limits.maxQueuedPerAddress).
    queueFull:
      'Many conversations from your network are already waiting for our team, so I cannot add yours right now. Please try again later; I can still answer questions here.',
  },
  zh: {
    greeting: '您好！请问有什么可以帮您？',
    handoff: '收到，已为您转给人工客服。',
    botUnavailable: '抱歉，我暂时无法回答，正在为您转接人工客服。',
    photoHandoff: '收到您的图片，已为您转给人工客服。',
    queued: '正在排队等待客服…',
    agentJoined: (name: string) => `客服 ${name} 已加入会话`,
    agentLeft: (name: string) => `客服 ${name} 已离开会话`,
    transferred: (to: string) => `会话已转接给 ${to}`,
    transferredToTeam: '会话已转接给其他团队的同事',
    closed: '会话已结束',
    ticket: '客服暂时不在线，已为您登记工单，我们会在这里回复您，您可以继续留言补充详情。',
    requeued: '正在为您重新分配客服…',
    backToAgent: '客服已回到会话',
    stillQueued: '您的排队位置保持不变，人工客服稍后为您服务。',
    stillTicket: '您的工单仍在处理中，客服会在这里回复您。',
    repeatOffer: '还是没解决吗？可以为您转人工客服。',
    person: { label: '转人工', payload: '转人工' },
    repeatHandoff: '看来这个回答没能帮到您，已为您转给人工客服。',
    queueFull:
      '您所在的网络已有很多会话在等待人工客服，暂时无法为您转接，请稍后再试。您仍可以在这里向我提问。',
  },
  'zh-Hant': {
    greeting: '您好！請問有什麼可以幫您？',
    handoff: '收到，已為您轉給真人客服。',
    botUnavailable: '抱歉，我暫時無法回答，正在為您轉接真人客服。',
    photoHandoff: '收到您的圖片，已為您轉給真人客服。',
    queued: '正在排隊等候客服…',
    agentJoined: (name: string) => `客服 ${name} 已加入對話`,
    agentLeft: (name: string) => `客服 ${name} 已離開對話`,
    transferred: (to: string) => `對話已轉接給 ${to}`,
    transferredToTeam: '對話已轉接給其他團隊的同事',
    closed: '對話已結束',
    ticket: '客服暫時不在線上，已為您建立客服單，我們會在這裡回覆您，您可以繼續留言補充詳情。',
    requeued: '正在為您重新安排客服…',
    backToAgent: '客服已回到對話',
    stillQueued: '您的排隊順位不變，真人客服稍後為您服務。',
    stillTicket: '您的客服單仍在處理中，客服會在這裡回覆您。',
    repeatOffer: '還是沒解決嗎？可以為您轉真人客服。',
    person: { label: '轉真人客服', payload: '轉人工' },
    repeatHandoff: '看來這個回答沒能幫到您，已為您轉給真人客服。',
    queueFull:
      '您所在的網路已有許多對話在等候真人客服，暫時無法為您轉接，請稍後再試。您仍可以在這裡向我提問。',
  },
} as const satisfies Record<HubLanguage, unknown>;

export type HubTexts = (typeof TEXTS)[HubLanguage];

/** The hub's texts in the shopper's language and script (see {@link hubLanguage}). */
export function textsFor(locale: string | undefined): HubTexts {
  return TEXTS[hubLanguage(locale)];
}
