/* Click to load: a video placeholder (articles/embeds.py) gets a "Play here" button that
   swaps in the player; until it is pressed nothing is fetched from the video's site.
   Without JavaScript the placeholder's link to the video remains. */
'use strict';
(function () {
  document.querySelectorAll('figure.embed--video[data-embed-player]').forEach((figure) => {
    const provider = figure.dataset.embedProvider;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'embed__play';
    button.textContent = 'Play here';
    button.addEventListener('click', () => {
      const frame = document.createElement('iframe');
      frame.src = figure.dataset.embedPlayer;
      frame.title = `Video on ${provider}`;
      frame.className = 'embed__player';
      frame.allow = 'fullscreen; picture-in-picture; encrypted-media';
      frame.referrerPolicy = 'strict-origin-when-cross-origin';
      figure.replaceChildren(frame);
      frame.focus();
    });
    figure.querySelector('.embed__notice').after(button);
  });
})();
