// Starts GOV.UK Frontend and MoJ Frontend components once their modules have loaded.
import { initAll as initGovukFrontend } from '/assets/govuk-frontend.min.js';
import { initAll as initMojFrontend } from '/assets/moj-frontend.min.js';
import { initVagueWording } from '/assets/vague-wording.js';

initGovukFrontend();
initMojFrontend();
initVagueWording();
