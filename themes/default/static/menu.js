/*
 * The header's menu: open on wide screens, folded away on narrow ones.
 * Without this script the <details> still opens and closes by itself.
 */
(function () {
	'use strict';
	var menu = document.querySelector('.site-menu');
	if (!menu || !window.matchMedia)
		return;
	var wide = window.matchMedia('(min-width: 37.5rem)');
	function fit() { menu.open = wide.matches; }
	fit();
	if (wide.addEventListener)
		wide.addEventListener('change', fit);
}());
