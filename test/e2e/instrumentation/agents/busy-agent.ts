import { withTask } from '../../../../instrumentation';

// an agent that keeps the CPU somewhat busy (so a profile has samples) and runs until stopped.
function work(): number {
  let x = 0;
  for (let i = 0; i < 200_000; i++) x += Math.sqrt(i) * Math.sin(i);
  return x;
}

setInterval(() => withTask('T-busy', 'WORK', work), 20);
console.log(JSON.stringify({ started: true }));
