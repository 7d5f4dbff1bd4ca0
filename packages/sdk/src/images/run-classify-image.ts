import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { ClassifiableImage, ClassifyImagePlugin, ImageClassification } from '../seams/classify-image.ts';
import type { PluginContext } from '../seams/plugins.ts';
import { type PluginResult, runPlugin } from '../seams/run-plugin.ts';

const LABEL = /^[a-z0-9_]{1,64}$/;

/**
 * Runs a merchant's {@link ClassifyImagePlugin} the way the hub runs every plug-in: under
 * `timeoutMs` with an AbortSignal, its failure returned as a `plugin_failed` value, never thrown.
 * An answer that is not a label and a confidence from 0 to 1 counts as a failure too, so a
 * recognizer's bug cannot route a conversation.
 * @example
 * const result = await runClassifyImage(recognizer, image, context, { timeoutMs: 5000, clock });
 * if (result.ok && result.value && result.value.confidence >= 0.8) understanding.image = result.value;
 */
export async function runClassifyImage(
  plugin: ClassifyImagePlugin,
  image: ClassifiableImage,
  context: Omit<PluginContext, 'signal'>,
  { timeoutMs, clock }: { timeoutMs: number; clock: Clock },
): Promise<PluginResult<ImageClassification | null>> {
  const result = await runPlugin(
    'classifyImage',
    timeoutMs,
    clock,
    (call) => plugin(image, call.context(context)),
    plugin,
  );
  if (!result.ok || result.value === null) return result;
  const { label, confidence } = result.value as Partial<ImageClassification>;
  if (
    typeof label !== 'string' ||
    !LABEL.test(label) ||
    typeof confidence !== 'number' ||
    !(confidence >= 0 && confidence <= 1)
  )
    return {
      ok: false,
      error: new KefuError(
        'plugin_failed',
        `plugin classifyImage answered ${JSON.stringify(result.value).slice(0, 200)}: expected { label, confidence 0..1 }`,
      ),
    };
  return { ok: true, value: { label, confidence } };
}
