// Flags vague wording in a line of provision as it is typed (progressive enhancement: the server
// flags the same phrases when the line is saved). The phrases and reasons come from the page
// (data-vague-patterns, written from src/domain/vague-wording.ts), so there is one list.
function warning(text) {
  const box = document.createElement('div');
  box.className = 'govuk-warning-text';
  box.dataset.flagKind = 'wording';
  const icon = document.createElement('span');
  icon.className = 'govuk-warning-text__icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = '!';
  const strong = document.createElement('strong');
  strong.className = 'govuk-warning-text__text';
  const hidden = document.createElement('span');
  hidden.className = 'govuk-visually-hidden';
  hidden.textContent = 'Warning';
  strong.append(hidden, text);
  box.append(icon, strong);
  return box;
}

function flagsIn(text, patterns) {
  const found = [];
  for (const { source, reason } of patterns) {
    for (const match of text.matchAll(new RegExp(source, 'gi'))) {
      const at = match.index ?? 0;
      const overlaps = found.some((earlier) => at < earlier.at + earlier.phrase.length && earlier.at < at + match[0].length);
      if (!overlaps) found.push({ at, phrase: match[0], reason });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

export function initVagueWording(root = document) {
  for (const field of root.querySelectorAll('textarea[data-vague-wording]')) {
    const container = document.getElementById(field.dataset.vagueWording ?? '');
    if (!container) continue;
    let patterns;
    try {
      patterns = JSON.parse(container.dataset.vaguePatterns ?? '[]');
    } catch {
      continue;
    }
    const update = () => {
      for (const old of container.querySelectorAll('[data-flag-kind="wording"]')) old.remove();
      const flags = flagsIn(field.value, patterns);
      const first = container.firstChild;
      for (const flag of flags) container.insertBefore(warning(`“${flag.phrase}”: ${flag.reason.charAt(0).toUpperCase()}${flag.reason.slice(1)}`), first);
    };
    field.addEventListener('input', update);
  }
}
