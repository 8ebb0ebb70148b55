// Changelog lines for changesets. A package's own changes read as changesets' default does; a
// release forced by a dependency says which one, what the user must do, and what changed in
// it, instead of a bare "Updated dependencies" (a forced listener major must explain itself).

/** A changeset's summary as a list item: the first line, later lines indented under it. */
function item(summary, indent) {
  const [first, ...rest] = summary.trim().split('\n').map((line) => line.trimEnd());
  return [`${indent}- ${first}`, ...rest.map((line) => (line ? `${indent}  ${line}` : ''))].join(
    '\n',
  );
}

/** The first paragraph of a summary, as one line. */
function firstParagraph(summary) {
  return summary.trim().split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ');
}

/** @type {import('@changesets/types').ChangelogFunctions} */
module.exports = {
  async getReleaseLine(changeset) {
    return item(changeset.summary, '');
  },

  async getDependencyReleaseLine(changesets, dependenciesUpdated) {
    return dependenciesUpdated
      .map(({ name, newVersion, type }) => {
        const head =
          type === 'major'
            ? `- Needs \`${name}\` ^${newVersion} (upgrade both together). What changed in ${name} ${newVersion}:`
            : `- Built against \`${name}\` ${newVersion}, which changed:`;
        const causes = changesets
          .filter((changeset) => changeset.releases.some((release) => release.name === name))
          .map((changeset) => item(firstParagraph(changeset.summary), '  '));
        return [head, ...causes].join('\n');
      })
      .join('\n');
  },
};
