/**
 * Traditional → simplified folding for common characters, written for Kefu (not generated from any
 * dataset). Shoppers in Hong Kong, Taiwan and overseas type traditional characters, and a knowledge
 * base is usually written in simplified ones; folding one character at a time is enough for search
 * because the few one-to-many cases (e.g. 乾/干) do not change which FAQ entry a query is about.
 *
 * Each pair is `<traditional><simplified>`; keeping them as pairs makes the table easy to review.
 */
const PAIRS =
  '貨货 們们 麼么 這这 個个 來来 時时 說说 會会 對对 還还 過过 為为 與与 後后 從从 ' +
  '無无 東东 車车 門门 問问 間间 開开 關关 閉闭 聽听 長长 張张 見见 現现 規规 視视 ' +
  '親亲 覺觉 訂订 記记 計计 認认 讓让 論论 語语 誤误 請请 讀读 調调 談谈 識识 證证 ' +
  '評评 試试 詢询 講讲 謝谢 議议 護护 變变 譯译 該该 詳详 話话 設设 許许 訊讯 讚赞 ' +
  '謊谎 誠诚 費费 買买 賣卖 貴贵 賬账 賠赔 購购 資资 質质 貼贴 贈赠 賺赚 貸贷 負负 ' +
  '貢贡 責责 敗败 錢钱 錯错 鐘钟 鐵铁 銀银 鋪铺 鏈链 鎖锁 鍵键 針针 銷销 錄录 鏡镜 ' +
  '鑽钻 鋼钢 錶表 運运 達达 選选 遞递 邊边 進进 遠远 連连 週周 適适 遲迟 遺遗 號号 ' +
  '碼码 單单 雙双 種种 積积 穩稳 稅税 稱称 換换 擇择 據据 擔担 掛挂 搶抢 撥拨 擁拥 ' +
  '摺折 揀拣 攜携 擴扩 價价 備备 傳传 優优 僅仅 傷伤 億亿 側侧 偵侦 儲储 寬宽 實实 ' +
  '寶宝 審审 寫写 專专 將将 導导 屬属 層层 發发 髮发 鬆松 樣样 機机 權权 極极 構构 ' +
  '標标 樂乐 檢检 櫃柜 條条 楊杨 樓楼 槍枪 氣气 漢汉 滿满 濕湿 潔洁 淨净 測测 灣湾 ' +
  '溫温 潤润 漲涨 澀涩 熱热 燈灯 煩烦 點点 爲为 營营 紅红 純纯 約约 級级 紙纸 細细 ' +
  '組组 經经 結结 給给 統统 絲丝 網网 線线 練练 緊紧 編编 縮缩 總总 績绩 續续 繫系 ' +
  '纖纤 紀纪 綠绿 藍蓝 絨绒 織织 綁绑 維维 緣缘 紋纹 縫缝 處处 虧亏 衛卫 補补 裝装 ' +
  '襪袜 褲裤 襯衬 電电 雲云 靈灵 霧雾 頁页 項项 順顺 須须 預预 領领 頻频 題题 顏颜 ' +
  '額额 類类 顯显 願愿 頭头 顧顾 風风 飛飞 飯饭 飲饮 館馆 餘余 饋馈 馬马 駐驻 驗验 ' +
  '騙骗 驚惊 魚鱼 鳥鸟 黃黄 齊齐 齒齿 龍龙 區区 醫医 華华 協协 卻却 參参 員员 啟启 ' +
  '喚唤 嗎吗 嘆叹 噸吨 嚴严 團团 園园 圖图 國国 圍围 場场 塊块 壞坏 壓压 聲声 壽寿 ' +
  '夠够 夢梦 奪夺 奮奋 婦妇 媽妈 學学 孫孙 寧宁 尋寻 屆届 歲岁 歷历 歸归 幣币 幫帮 ' +
  '幹干 廣广 廠厂 庫库 應应 廢废 彈弹 強强 徑径 復复 徵征 憑凭 態态 慮虑 懷怀 戀恋 ' +
  '恥耻 惡恶 悶闷 愛爱 慣惯 憤愤 懶懒 戶户 執执 擊击 數数 斷断 於于 舊旧 書书 榮荣 ' +
  '歡欢 殘残 殺杀 沒没 決决 況况 淚泪 淺浅 減减 滅灭 爭争 牆墙 狀状 猶犹 獎奖 獨独 ' +
  '獲获 環环 產产 畫画 異异 當当 療疗 盡尽 監监 盤盘 矚瞩 確确 禮礼 禦御 離离 窮穷 ' +
  '競竞 筆笔 節节 範范 簡简 簽签 籤签 糧粮 聯联 聰聪 職职 肅肃 腦脑 膚肤 臉脸 臨临 ' +
  '興兴 舉举 艙舱 藝艺 藥药 蘋苹 蘭兰 萬万 葉叶 蔔卜 蟲虫 螢萤 裡里 裏里 製制 複复 ' +
  '覽览 觀观 貓猫 趕赶 趨趋 跡迹 踐践 躍跃 軟软 輕轻 載载 輛辆 輸输 輪轮 轉转 辦办 ' +
  '辭辞 農农 郵邮 鄉乡 醜丑 閃闪 閱阅 闊阔 隊队 陽阳 陰阴 際际 險险 隨随 隱隐 難难 ' +
  '雜杂 雞鸡 響响 韓韩 償偿 儘尽 兒儿 兩两 冊册 凍冻 劃划 劇剧 劑剂 動动 務务 勝胜 ' +
  '勞劳 勢势 勵励 匯汇 厲厉 厭厌 縣县 啓启 喪丧 壯壮 奧奥 妝妆 嬰婴 慶庆 擾扰 攔拦 ' +
  '潛潜 濟济 瀏浏 揚扬 腫肿 謹谨 貿贸 幾几 麗丽 鬧闹 黨党 兌兑 戲戏 聞闻 龜龟 臺台 ' +
  '颱台 麵面 鹽盐 體体 聖圣 蘇苏 廳厅 歐欧 羅罗 罰罚 燒烧 壺壶 擋挡 殼壳 蓋盖 頸颈 ' +
  '鈕钮 鑰钥 屜屉 蝦虾 掃扫 緻致 鏟铲 噴喷 灑洒 蠟蜡 燭烛 攝摄 傭佣 遙遥 鍋锅 壩坝 ' +
  '剛刚 誰谁 鈔钞 陸陆 捲卷 鬥斗 衝冲 罷罢 濾滤 瑪玛 礙碍 紹绍 餵喂 擠挤 繳缴 徹彻 ' +
  '倉仓 創创 攤摊 虛虚 鳳凤 謂谓 僱雇 貫贯 賓宾 綜综 憶忆 鑑鉴 鑒鉴 擬拟 齡龄 亞亚 ' +
  '佈布 佔占 併并 係系 倆俩 倫伦 偉伟 傑杰 傘伞 僞伪 偽伪 儀仪 凱凯 劉刘 劍剑 勁劲 ' +
  '叢丛 吳吴 呂吕 唄呗 啞哑 喬乔 嗆呛 嚇吓 嚐尝 嘗尝 囑嘱 圓圆 塵尘 墊垫 壇坛 奬奖 ' +
  '嬌娇 寵宠 屍尸 島岛 峽峡 嶺岭 帥帅 師师 帳帐 帶带 廂厢 廚厨 廟庙 彙汇 憂忧 懇恳 ' +
  '懸悬 戰战 拋抛 捨舍 掙挣 損损 搖摇 撐撑 撫抚 撿捡 擺摆 敵敌 曆历 曉晓 暫暂 曬晒 ' +
  '棄弃 樹树 橋桥 檔档 檯台 櫥橱 欄栏 歎叹 毀毁 沖冲 湯汤 溝沟 滾滚 潑泼 澤泽 濃浓 ' +
  '爐炉 爛烂 牽牵 獄狱 瑣琐 畢毕 瘋疯 癢痒 皺皱 盜盗 睜睁 禍祸 穀谷 窩窝 竊窃 籃篮 ' +
  '糾纠 紡纺 紮扎 終终 絕绝 絡络 緒绪 緩缓 繩绳 繪绘 繼继 纏缠 義义 習习 脫脱 腳脚 ' +
  '膠胶 艱艰 莊庄 薦荐 蘆芦 衆众 眾众 術术 襲袭 覓觅 訓训 託托 訪访 詐诈 訴诉 診诊 ' +
  '註注 詞词 誇夸 誌志 説说 課课 諾诺 謀谋 謙谦 譜谱 豐丰 豬猪 貝贝 財财 販贩 貧贫 ' +
  '貪贪 貶贬 賀贺 賞赏 賭赌 賴赖 賽赛 贊赞 贏赢 蹤踪 軌轨 軍军 較较 輔辅 輯辑 辯辩 ' +
  '遜逊 醬酱 釋释 釘钉 鈴铃 銅铜 銳锐 鋁铝 錦锦 鍊炼 煉炼 鍍镀 鎮镇 鏽锈 鑄铸 閒闲 ' +
  '閑闲 閣阁 闆板 闖闯 陣阵 陳陈 隻只 雖虽 靜静 韌韧 頂顶 頑顽 頓顿 頒颁 顆颗 飄飘 ' +
  '飽饱 飾饰 餅饼 養养 餓饿 駕驾 騎骑 驅驱 鬱郁 魯鲁 鮮鲜 鴨鸭 麥麦 黴霉 齣出 鄰邻 ' +
  '鍾钟 獻献 鞦秋 瞭了 軀躯 嗚呜 喲哟 囉啰 嘍喽 勳勋 蓮莲 韋韦 韻韵 鐲镯 饞馋 ' +
  '業业 刪删 採采 報报 丟丢 乾干 滌涤 綸纶 髒脏 觸触 ' +
  // Common in Taiwan and Hong Kong shop talk (beauty, furniture, electronics) and missing above.
  '內内 並并 詩诗 諮咨 揹背 盃杯 綢绸 簾帘 櫸榉 遊游 滲渗 傢家 麽么 著着 穫获 舖铺 ' +
  '迴回 妳你 夥伙 鉤钩 紗纱 緞缎 綿绵 瘡疮 癬癣 膩腻 癒愈 鬍胡 鬚须 粧妆 繡绣 紐纽 ' +
  '釦扣 軸轴 鋰锂 鈦钛 煙烟 燙烫 臟脏';

const TABLE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const pair of PAIRS.split(' ')) {
    const chars = [...pair];
    if (chars.length === 2 && chars[0] !== chars[1]) map.set(chars[0]!, chars[1]!);
  }
  return map;
})();

/** How many traditional characters the table folds (exported for tests and docs). */
export const TRADITIONAL_TABLE_SIZE = TABLE.size;

/**
 * Folds common traditional characters to their simplified form, leaving everything else alone.
 *
 * @example
 * toSimplified('我要退貨'); // '我要退货'
 */
export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += TABLE.get(ch) ?? ch;
  return out;
}
