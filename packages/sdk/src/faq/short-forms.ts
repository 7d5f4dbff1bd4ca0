/**
 * Chat short forms and abbreviations of general English, read as the words they stand for (in the
 * knowledge base and in the question alike), so "pls update my acct addr asap" meets "How do I
 * change the address on my account?" and "hw long" meets the "how long" synonym phrase. Only forms
 * with one usual meaning in a shop's chat; ambiguous ones ("min", "no", "mo", "acc") are left out.
 */
export const ENGLISH_SHORT_FORMS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    acct: 'account',
    addr: 'address',
    amt: 'amount',
    approx: 'approximately',
    asap: 'soon',
    cust: 'customer',
    hrs: 'hours',
    hw: 'how',
    info: 'information',
    mic: 'microphone',
    mics: 'microphones',
    intl: 'international',
    msg: 'message',
    pkg: 'package',
    pkgs: 'packages',
    pmt: 'payment',
    pw: 'password',
    pwd: 'password',
    pymt: 'payment',
    qty: 'quantity',
    rcvd: 'received',
    recd: 'received',
    thru: 'through',
    tmr: 'tomorrow',
    tmrw: 'tomorrow',
    tmw: 'tomorrow',
    tts: 'true to size',
    txn: 'transaction',
    wat: 'what',
    wen: 'when',
    wk: 'week',
    wks: 'weeks',
    wut: 'what',
    yrs: 'years',
  }).map(([short, long]) => [short, long.split(' ')]),
);
