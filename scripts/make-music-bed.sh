#!/usr/bin/env bash
# Synthesises the royalty-free music bed the product templates ship (assets/bed.m4a): 16 s of a
# I-vi-IV-V pad (C, Am, F, G, 2 s each, twice) with a bass an octave down and a light arpeggio,
# plucked envelopes and a short echo, made by ffmpeg's aevalsrc alone (no samples, no recordings).
# It loops seamlessly (every chord starts from silence).
#   bash scripts/make-music-bed.sh templates/product-showcase/assets/bed.m4a
set -euo pipefail
out=${1:?usage: make-music-bed.sh <output.m4a>}
f1='if(lt(mod(t,8),2),261.63,if(lt(mod(t,8),4),220,if(lt(mod(t,8),6),174.61,196)))'
f2='if(lt(mod(t,8),2),329.63,if(lt(mod(t,8),4),261.63,if(lt(mod(t,8),6),220,246.94)))'
f3='if(lt(mod(t,8),2),392,if(lt(mod(t,8),4),329.63,if(lt(mod(t,8),6),261.63,293.66)))'
env='(1-exp(-mod(t,2)*10))*exp(-mod(t,2)*0.7)'
arp='(1-exp(-mod(t,0.5)*40))*exp(-mod(t,0.5)*6)'
e="0.10*$env*(sin(2*PI*$f1*t)+sin(2*PI*$f2*t)+sin(2*PI*$f3*t))+0.14*$env*sin(PI*$f1*t)+0.05*$arp*sin(4*PI*if(lt(mod(t,1),0.5),$f2,$f3)*t)"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "aevalsrc=exprs='$e|$e':s=48000:d=16" \
  -af 'aecho=0.8:0.6:180:0.25' -c:a aac -b:a 64k "$out"
