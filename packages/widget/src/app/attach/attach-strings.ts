import type { Locale } from '../../locale.ts';

/** The attachment chunk's own words, in its three locales: only a shopper who attaches downloads them. */
export interface AttachStrings {
  tray: string;
  remove: string;
  uploading: string;
  notKept: string;
  /** Not decodable here (a HEIC on Chromium) or refused by the hub as no image: what to choose instead. */
  unreadable: string;
  /** The hub refused a photo as too large (413). */
  tooLarge: string;
  /** The hub refused a photo for another reason (403). */
  refused: string;
  /** An upload failed for now (a 5xx, the network): it is tried again by itself. */
  retrying: string;
  closeViewer: string;
}

export const ATTACH_STRINGS: Record<Locale, AttachStrings> = {
  en: {
    tray: 'Photos to send',
    remove: 'Remove photo',
    uploading: 'Uploading photo',
    notKept: 'Too large to keep: stay on this page until it is sent',
    unreadable: "This file can't be read. Please choose a JPG or PNG photo",
    tooLarge: 'This photo is too large',
    refused: 'This photo could not be sent',
    retrying: 'Upload failed, trying again…',
    closeViewer: 'Close photo',
  },
  'zh-CN': {
    tray: '待发送的图片',
    remove: '移除图片',
    uploading: '正在上传图片',
    notKept: '图片过大无法保存：发送前请勿离开本页',
    unreadable: '无法读取此文件，请选择 JPG 或 PNG 图片',
    tooLarge: '图片太大',
    refused: '这张图片无法发送',
    retrying: '上传失败，正在重试…',
    closeViewer: '关闭图片',
  },
  'zh-TW': {
    tray: '待傳送的圖片',
    remove: '移除圖片',
    uploading: '正在上傳圖片',
    notKept: '圖片過大無法保存：傳送前請勿離開本頁',
    unreadable: '無法讀取此檔案，請選擇 JPG 或 PNG 圖片',
    tooLarge: '圖片太大',
    refused: '這張圖片無法傳送',
    retrying: '上傳失敗，正在重試…',
    closeViewer: '關閉圖片',
  },
};
