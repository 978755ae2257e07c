// The example post's own script: it drives one playground through its API.
const scripted = document.getElementById("scripted");

function drive() {
  scripted.playground.setConfig({ learningRate: 0.1, speed: 5 });
  scripted.playground.play();
}

if (scripted.playground) drive();
else scripted.addEventListener("ready", drive, { once: true });
