// The optional modules: the debug overlay and the privacy panel (docs/api.md).
import { start, type RankReason } from 'shelfwise';
import { autoDebug, debugRequested, describeReason, hideDebug, showDebug, type DebugOverlay } from 'shelfwise/debug';
import { definePrivacyPanel, ShelfwisePrivacy } from 'shelfwise/panel';

const sw = await start({ config: { version: 1 } });

// docs/api.md, "Debug overlay"
const shown: boolean = autoDebug(sw);
const asked: boolean = debugRequested();
const overlay: DebugOverlay = showDebug(sw);
overlay.update();
overlay.close();
hideDebug();
const { items } = await sw.explainRank('picks', ['a', 'b']);
console.log(items?.map((i) => `${i.id}: ${i.reasons.map(describeReason).join(', ')}`));
const reason: RankReason = { rule: 'boost', at: 'strategy.rules[0]', points: 5, segment: 'vip' };
const line: string = describeReason(reason);

// docs/api.md, "Privacy panel"
const Panel: typeof ShelfwisePrivacy = definePrivacyPanel();
definePrivacyPanel('my-privacy');
const panel = document.querySelector('shelfwise-privacy');
if (panel) {
  panel.engine = sw;
  panel.render();
  panel.addEventListener('shelfwise-privacy:erased', () => panel.erase());
}
const made = document.createElement('shelfwise-privacy');
made.engine = null;
const isPanel: boolean = made instanceof Panel;

// @ts-expect-error: the panel's engine is what start() returned
made.engine = { version: 1 };

export { shown, asked, line, isPanel };
