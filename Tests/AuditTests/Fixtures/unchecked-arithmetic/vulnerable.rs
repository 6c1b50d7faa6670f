use anchor_lang::prelude::*;

#[program]
pub mod staking {
    use super::*;
    pub fn stake(ctx: Context<Stake>, amount: u64) -> Result<()> {
        let pool = &mut ctx.accounts.pool;
        pool.total_staked += amount; // expect: unchecked-arithmetic
        let user = &mut ctx.accounts.user_stake;
        user.balance = user.balance + amount; // expect: unchecked-arithmetic
        let reward = (amount as u128) * (pool.rate as u128) / 1_000_000;
        user.pending_reward = u64::try_from(reward).map_err(|_| StakeError::Overflow)?;
        let slots = 10 * 60;
        user.unlock_slot = Clock::get()?.slot.checked_add(slots).ok_or(StakeError::Overflow)?;
        Ok(())
    }
}

#[derive(Accounts)]
pub struct Stake<'info> {
    #[account(mut)]
    pub pool: Account<'info, Pool>,
    #[account(mut, has_one = owner)]
    pub user_stake: Account<'info, UserStake>,
    pub owner: Signer<'info>,
}

#[account]
pub struct Pool {
    pub total_staked: u64,
    pub rate: u64,
}

#[account]
pub struct UserStake {
    pub owner: Pubkey,
    pub balance: u64,
    pub pending_reward: u64,
    pub unlock_slot: u64,
}
